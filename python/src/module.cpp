// flowfile._core: the binding. Each area registers itself from its own file; this file
// only assembles the module and installs the error translator.
#include <pybind11/pybind11.h>

#include <cstdio>

#include "bindings.hpp"
#include "flowfile/warnings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "Flowfile's C++ core (use the flowfile package, not this module).";
  flowfile_py::RegisterErrors(m);
  flowfile_py::RegisterConnections(m);
  flowfile_py::RegisterExprs(m);
  flowfile_py::RegisterFrames(m);
  flowfile_py::RegisterCatalog(m);
  flowfile_py::RegisterFlows(m);
  flowfile_py::RegisterProgress(m);
  // The core's warnings raised on a thread that holds the GIL become Python UserWarnings, so
  // warnings filters and pytest.warns see them. Others (engine threads, calls that released
  // the GIL) go to stderr: acquiring the GIL there could wait on a thread waiting for us.
  ff::SetWarningHandler([](const std::string& message) {
    if (!Py_IsInitialized() || !PyGILState_Check()) {
      std::fprintf(stderr, "flowfile: warning: %s\n", message.c_str());
      return;
    }
    if (PyErr_WarnEx(PyExc_UserWarning, message.c_str(), 1) < 0) {
      // A filter turned the warning into an error: report it as unraisable rather than
      // leave a Python exception pending inside the core.
      PyErr_WriteUnraisable(nullptr);
    }
  });
}
