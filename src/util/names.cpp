#include "flowfile/names.hpp"

#include <string>

#include "flowfile/errors.hpp"

namespace ff {

void ValidateName(std::string_view what, std::string_view name) {
  auto bad = [&](const std::string& why) {
    throw Error(ErrorCode::kInvalidArgument,
                "invalid " + std::string(what) + " name '" + std::string(name) + "': " + why +
                    "; expected 1-128 characters of letters, digits, '_', '-' and '.'");
  };
  if (name.empty()) bad("it is empty");
  if (name.size() > 128) bad("it has " + std::to_string(name.size()) + " characters");
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) {
      bool printable = c >= 0x20 && c < 0x7f;
      bad(printable ? std::string("character '") + c + "' is not allowed"
                    : "it contains a non-printable or non-ASCII character");
    }
  }
}

}  // namespace ff
