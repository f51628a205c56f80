// flowfile._core: the binding. Each area registers itself from its own file; this file
// only assembles the module and installs the error translator.
#include <pybind11/pybind11.h>

#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "Flowfile's C++ core (use the flowfile package, not this module).";
  flowfile_py::RegisterErrors(m);
  flowfile_py::RegisterConnections(m);
  flowfile_py::RegisterExprs(m);
  flowfile_py::RegisterFrames(m);
  flowfile_py::RegisterCatalog(m);
  flowfile_py::RegisterFlows(m);
}
