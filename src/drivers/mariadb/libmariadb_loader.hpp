// libmariadb, opened on the first MariaDB/MySQL call (see util/shared_library.hpp for why).
#pragma once

#include "util/shared_library.hpp"

namespace ff::drivers::mariadb {

//! The process's one handle on libmariadb.so.3.
util::SharedLibrary& Libmariadb();

}  // namespace ff::drivers::mariadb
