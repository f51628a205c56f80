// Registration functions of the binding, one per area (one file each).
#pragma once

#include <pybind11/pybind11.h>

namespace flowfile_py {

void RegisterErrors(pybind11::module_& m);
void RegisterConnections(pybind11::module_& m);
void RegisterExprs(pybind11::module_& m);
void RegisterFrames(pybind11::module_& m);
void RegisterCatalog(pybind11::module_& m);
void RegisterFlows(pybind11::module_& m);
//! show_progress (a bar on stderr), keep_progress / take_progress (drawn by Python).
void RegisterProgress(pybind11::module_& m);

}  // namespace flowfile_py
