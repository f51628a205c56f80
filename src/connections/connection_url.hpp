// Where a database url may hide a password. libpq and the MariaDB/MySQL clients accept a
// password in several spellings; each would otherwise be stored, listed and exported in
// plain text, so every one of them is refused at registration.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ff::connections {

//! Names the form of the password `url` carries ("user:password@ in the url", "the
//! url's ?password= parameter", "password= in the connection string"), or nullopt when it
//! carries none. Handles URIs (scheme://user:pass@host/db?password=...&sslpassword=...,
//! percent-encoded keys) and libpq's keyword/value strings ("host=h password='a b'",
//! spaces around '=' allowed). Never returns any part of the value.
std::optional<std::string> PasswordInUrl(std::string_view url);

}  // namespace ff::connections
