# What a C++ program needs to build against the installed Flowfile (generated code included):
#   <prefix>/include/flowfile/*.hpp           public headers (<flowfile/flowfile.hpp> has them all)
#   <prefix>/lib/flowfile/libflowfile.so      the core, beside the libduckdb.so it loads
#   <prefix>/lib/cmake/flowfile/              find_package(flowfile) -> flowfile::flowfile
# A full `cmake --install` installs these too; `--component devel` installs only these.
include(CMakePackageConfigHelpers)

install(DIRECTORY "${CMAKE_SOURCE_DIR}/include/flowfile" DESTINATION include COMPONENT devel
  FILES_MATCHING PATTERN "*.hpp")
install(TARGETS flowfile_shared LIBRARY DESTINATION "${FLOWFILE_LIBDIR}" COMPONENT devel)
# The CLI installs DuckDB as part of the default component; the library needs it as well.
install(FILES "${DUCKDB_LIBRARY}" DESTINATION "${FLOWFILE_LIBDIR}" COMPONENT devel)

write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/flowfileConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_SOURCE_DIR}/cmake/flowfileConfig.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/flowfileConfigVersion.cmake"
  DESTINATION lib/cmake/flowfile COMPONENT devel)
