// A system library opened on first use instead of at program start.
//
// Why: most scripts never touch PostgreSQL, MariaDB, the desktop keyring or HTTP, yet linking
// libpq, libmariadb, libsecret and libcurl makes every `import flowfile` and every CLI call
// load them and their ~40 dependencies. Each of those libraries gets a small forwarding file
// (e.g. drivers/postgres/libpq_loader.cpp) that defines the functions we call, with the
// library's own declarations, and forwards each call to the real function found here.
//
// Contract:
//  - Open() loads the library once per process (thread-safe) with RTLD_LOCAL, so our
//    forwarding definitions and the library's own never interpose each other.
//  - A library that cannot be loaded throws ErrorCode::kUnsupported naming the feature, the
//    file and the Debian package that provides it; the process keeps running.
//  - Symbol() of a name the library lacks throws kUnsupported naming the symbol.
#pragma once

#include <mutex>
#include <string>

namespace ff::util {

class SharedLibrary {
 public:
  //! `feature` is what users asked for ("PostgreSQL connections"), `soname` the file
  //! ("libpq.so.5"), `package` the Debian package that installs it ("libpq5").
  SharedLibrary(std::string feature, std::string soname, std::string package);
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;

  //! The address of `name` in the library, opening the library first if needed.
  void* Symbol(const char* name);

  //! A typed function pointer: `lib.Function<decltype(&PQexec)>("PQexec")`.
  template <typename FunctionPointer>
  FunctionPointer Function(const char* name) {
    return reinterpret_cast<FunctionPointer>(Symbol(name));
  }

  //! True when the library is loadable here (opens it if needed; never throws).
  bool Available();

 private:
  void Open();

  std::string feature_, soname_, package_;
  std::once_flag opened_;
  void* handle_ = nullptr;
  std::string open_error_;
};

}  // namespace ff::util

// Defines the C function `name` (declared by the library's header) as a call to the same
// function in `library` (an expression giving a SharedLibrary&). The real address is looked
// up once. Definitions are meant to be hidden (see the loader files), so they never leave
// the binary that holds them.
#define FF_FORWARD(library, ret, name, params, args)                     \
  ret name params {                                                      \
    static const auto real = (library).Function<decltype(&name)>(#name); \
    return real args;                                                    \
  }

// A release function: a null handle returns at once, so destroying an unused handle never
// loads the library (and never throws from a destructor).
#define FF_FORWARD_RELEASE(library, name, params, first, args)           \
  void name params {                                                     \
    if ((first) == nullptr) return;                                      \
    static const auto real = (library).Function<decltype(&name)>(#name); \
    real args;                                                           \
  }
