// Flowfile's error family. Every failure the core reports is an ff::Error with a code;
// front ends translate the code (Python: a builtin-compatible exception class; CLI: an
// exit status; server: an HTTP status). Messages are written for users: they name what
// was wrong and what is expected, and never contain secret values.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ff {

enum class ErrorCode {
  kInvalidArgument,   //!< bad input: a malformed name, a missing field, a wrong type
  kNotFound,          //!< a named thing (connection, secret, column, table) does not exist
  kAlreadyExists,     //!< creating a name that is taken
  kPermissionDenied,  //!< file permissions, refused credentials
  kIo,                //!< file system or network failure
  kCrypto,            //!< a token that fails to verify, a key of the wrong shape
  kStore,             //!< the SQLite store failed (corrupt, locked past the timeout)
  kEngine,            //!< DuckDB reported an error while running a plan
  kConflict,          //!< a concurrent writer won (catalog commits)
  kUnsupported,       //!< valid, but not implemented here (named precisely in the message)
  kInternal,          //!< a broken invariant: a bug in Flowfile
};

//! Name of a code as shown to users ("not found", "invalid argument", ...).
std::string_view ErrorCodeName(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

//! Throw a kNotFound error for `what` named `name`, listing `known` closest first
//! ("unknown connection 'prod'; known connections: prod_db, staging_db").
[[noreturn]] void ThrowUnknownName(std::string_view what, std::string_view name,
                                   const std::vector<std::string>& known);

//! `known` ordered by edit distance to `name` (closest first, ties in input order).
std::vector<std::string> ClosestNames(std::string_view name, const std::vector<std::string>& known,
                                      size_t limit = 5);

//! The known name `name` is most likely a typo of: the closest one when it is at most a
//! few edits away (2, or a third of the name's length), else nullopt.
std::optional<std::string> DidYouMean(std::string_view name, const std::vector<std::string>& known);

}  // namespace ff
