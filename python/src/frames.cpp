// Frames, expressions and data frames (filled in by the frames work).
#include "bindings.hpp"

namespace flowfile_py {

void RegisterFrames(pybind11::module_&) {}

}  // namespace flowfile_py
