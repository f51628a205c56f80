// libpq, opened on the first PostgreSQL call (see util/shared_library.hpp for why).
#pragma once

#include "util/shared_library.hpp"

namespace ff::drivers::postgres {

//! The process's one handle on libpq.so.5.
util::SharedLibrary& Libpq();

}  // namespace ff::drivers::postgres
