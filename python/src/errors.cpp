// One translator for every ff::Error: the Python classes live in flowfile/errors.py
// (each also a builtin: NotFoundError is a LookupError, InvalidArgumentError a
// ValueError, ...), so users can catch either.
#include "flowfile/errors.hpp"

#include <pybind11/pybind11.h>

#include "bindings.hpp"

namespace py = pybind11;

namespace flowfile_py {
namespace {

const char* ClassName(ff::ErrorCode code) {
  switch (code) {
    case ff::ErrorCode::kInvalidArgument: return "InvalidArgumentError";
    case ff::ErrorCode::kNotFound: return "NotFoundError";
    case ff::ErrorCode::kAlreadyExists: return "AlreadyExistsError";
    case ff::ErrorCode::kPermissionDenied: return "PermissionDeniedError";
    case ff::ErrorCode::kIo: return "FlowfileIOError";
    case ff::ErrorCode::kCrypto: return "CryptoError";
    case ff::ErrorCode::kStore: return "StoreError";
    case ff::ErrorCode::kEngine: return "EngineError";
    case ff::ErrorCode::kConflict: return "ConflictError";
    case ff::ErrorCode::kUnsupported: return "UnsupportedError";
    case ff::ErrorCode::kInternal: return "InternalError";
  }
  return "FlowfileError";
}

}  // namespace

void RegisterErrors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ff::Error& e) {
      py::object cls = py::module_::import("flowfile.errors").attr(ClassName(e.code()));
      PyErr_SetString(cls.ptr(), e.what());
    }
  });
}

}  // namespace flowfile_py
