#include "crypto/key_environment.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

#include "crypto/fernet.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {

std::string_view StripKeyText(std::string_view text) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front())
    text = text.substr(1, text.size() - 2);
  return text;
}

std::optional<Secret> KeyFromEnvironment(std::string_view variable) {
  const char* raw = std::getenv(std::string(variable).c_str());
  if (raw == nullptr || *raw == '\0') return std::nullopt;
  std::string_view text = StripKeyText(raw);
  // The value is never part of the message: it may be a real key with one typo.
  if (!IsValidFernetKey(text))
    throw Error(ErrorCode::kInvalidArgument,
                std::string(variable) + " is set but does not hold a valid master key; " +
                    std::string(kExpectedKeyFormat) +
                    ". Generate one with: python3 -c \"from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())\"");
  return Secret(text);
}

}  // namespace ff::crypto
