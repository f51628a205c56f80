#include "util/shared_library.hpp"

#include <dlfcn.h>

#include <utility>

#include "flowfile/errors.hpp"

namespace ff::util {

SharedLibrary::SharedLibrary(std::string feature, std::string soname, std::string package)
    : feature_(std::move(feature)), soname_(std::move(soname)), package_(std::move(package)) {}

void SharedLibrary::Open() {
  std::call_once(opened_, [this] {
    // RTLD_LOCAL keeps the library's symbols out of the global scope: our forwarding
    // functions of the same names stay ours, and the library's internal calls stay its own.
    handle_ = dlopen(soname_.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
      const char* reason = dlerror();
      open_error_ = reason != nullptr ? reason : "unknown reason";
    }
  });
}

bool SharedLibrary::Available() {
  Open();
  return handle_ != nullptr;
}

void* SharedLibrary::Symbol(const char* name) {
  Open();
  if (handle_ == nullptr) {
    throw Error(ErrorCode::kUnsupported, feature_ + " need the system library " + soname_ +
                                             " (Debian package " + package_ +
                                             "), which could not be loaded: " + open_error_);
  }
  void* address = dlsym(handle_, name);
  if (address == nullptr) {
    throw Error(ErrorCode::kUnsupported, feature_ + " need the function " + name + " from " +
                                             soname_ + ", which this version of " + package_ +
                                             " does not provide");
  }
  return address;
}

}  // namespace ff::util
