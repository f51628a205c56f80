// libcurl, opened on the first HTTP request (see util/shared_library.hpp for why).
#pragma once

#include "util/shared_library.hpp"

namespace ff::cloud {

//! The process's one handle on libcurl.so.4.
util::SharedLibrary& Libcurl();

}  // namespace ff::cloud
