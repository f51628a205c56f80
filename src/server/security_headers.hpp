// Headers every response carries, API and static files alike: a strict Content-Security-Policy
// (scripts only from this server, no framing, no plugins), nosniff, no framing, no referrer
// (the token travels in the first URL) and no caching of API answers.
#pragma once

#include <httplib.h>

namespace ff::server {

//! The headers set on every response (httplib's default headers).
httplib::Headers SecurityHeaders();

}  // namespace ff::server
