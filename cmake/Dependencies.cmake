# Third-party libraries: Debian's packages, plus DuckDB from the pinned npm download.
find_package(PkgConfig REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(Threads REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(yaml-cpp REQUIRED)
pkg_check_modules(MARIADB REQUIRED IMPORTED_TARGET libmariadb)
pkg_check_modules(LIBSECRET IMPORTED_TARGET libsecret-1)
# File formats (src/formats): .xlsx read with libzip + pugixml, written with libxlsxwriter.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(PUGIXML REQUIRED IMPORTED_TARGET pugixml)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)

# DuckDB through its C API only (stable ABI): one header, one shared library.
find_path(DUCKDB_INCLUDE_DIR duckdb.h PATHS "${DUCKDB_DIR}" NO_DEFAULT_PATH REQUIRED)
find_library(DUCKDB_LIBRARY duckdb PATHS "${DUCKDB_DIR}" NO_DEFAULT_PATH REQUIRED)
add_library(duckdb_c SHARED IMPORTED GLOBAL)
set_target_properties(duckdb_c PROPERTIES
  IMPORTED_LOCATION "${DUCKDB_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${DUCKDB_INCLUDE_DIR}")

# Installed layout: binaries find libduckdb.so beside the installed core.
set(FLOWFILE_LIBDIR "lib/flowfile")
set(CMAKE_INSTALL_RPATH "${CMAKE_INSTALL_PREFIX}/${FLOWFILE_LIBDIR}")
set(CMAKE_BUILD_RPATH "${DUCKDB_DIR}")
install(FILES "${DUCKDB_LIBRARY}" DESTINATION "${FLOWFILE_LIBDIR}")
