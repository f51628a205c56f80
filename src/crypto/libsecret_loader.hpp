// libsecret (and the GLib it brings), opened on the first keyring call (see
// util/shared_library.hpp for why).
#pragma once

#include "util/shared_library.hpp"

namespace ff::crypto {

//! The process's one handle on libsecret-1.so.0; GLib's functions are found through it.
util::SharedLibrary& Libsecret();

}  // namespace ff::crypto
