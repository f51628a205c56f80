# find_package(flowfile) for programs built against the installed Flowfile.
#
#   find_package(flowfile REQUIRED)
#   target_link_libraries(app PRIVATE flowfile::flowfile)
#
# flowfile::flowfile carries the include directory, C++20 and the shared library; a program
# linked to it finds libflowfile.so (and DuckDB beside it) through its build RPATH.
# Relocatable: paths are found from this file's own location (<prefix>/lib/cmake/flowfile).
get_filename_component(_flowfile_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(_flowfile_lib "${_flowfile_prefix}/lib/flowfile/libflowfile.so")
if(NOT EXISTS "${_flowfile_lib}")
  set(flowfile_FOUND FALSE)
  set(flowfile_NOT_FOUND_MESSAGE "the Flowfile library is missing: expected ${_flowfile_lib}")
  return()
endif()
if(NOT TARGET flowfile::flowfile)
  add_library(flowfile::flowfile SHARED IMPORTED)
  set_target_properties(flowfile::flowfile PROPERTIES
    IMPORTED_LOCATION "${_flowfile_lib}"
    IMPORTED_SONAME "libflowfile.so"
    INTERFACE_INCLUDE_DIRECTORIES "${_flowfile_prefix}/include"
    INTERFACE_COMPILE_FEATURES cxx_std_20
    # The linker checks libflowfile.so's own dependencies: DuckDB is beside it.
    INTERFACE_LINK_OPTIONS "LINKER:-rpath-link,${_flowfile_prefix}/lib/flowfile")
endif()
set(flowfile_LIBRARIES flowfile::flowfile)
unset(_flowfile_lib)
unset(_flowfile_prefix)
