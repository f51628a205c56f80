#include "crypto/envelope.hpp"

#include <openssl/crypto.h>

#include <limits>

#include "crypto/base64.hpp"
#include "crypto/fernet.hpp"
#include "crypto/hkdf.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

constexpr std::string_view kMarker = "$ffsec$";
constexpr std::string_view kVersion1 = "1$";
constexpr std::string_view kSalt = "flowfile-secrets-v1";

[[noreturn]] void Malformed(const std::string& why) {
  throw Error(ErrorCode::kCrypto,
              "malformed secret envelope (" + why + "); expected $ffsec$1$<user id>$<token>");
}

int64_t ParseUserId(std::string_view digits) {
  if (digits.empty()) Malformed("the user id is empty");
  int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') Malformed("the user id is not a number");
    if (value > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10)
      Malformed("the user id is out of range");
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

Secret DeriveUserKey(std::string_view master_key, int64_t user_id) {
  if (user_id < 0)
    throw Error(ErrorCode::kInvalidArgument,
                "user id " + std::to_string(user_id) + " is negative; expected 0 or more");
  std::string raw = HkdfSha256(master_key, kSalt, "user-" + std::to_string(user_id), 32);
  std::string text = Base64UrlEncode(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  return Secret::Adopt(text);
}

std::string SealSecret(std::string_view master_key, int64_t user_id, std::string_view plaintext) {
  if (!IsValidFernetKey(master_key))
    throw Error(ErrorCode::kCrypto,
                "malformed master key: expected 44 characters of url-safe base64 encoding 32 "
                "bytes");
  Secret key = DeriveUserKey(master_key, user_id);
  return std::string(kMarker) + std::string(kVersion1) + std::to_string(user_id) + "$" +
         FernetEncrypt(key.Reveal(), plaintext);
}

Secret OpenSecret(std::string_view master_key, std::string_view envelope) {
  if (!envelope.starts_with(kMarker)) return FernetDecrypt(master_key, envelope);  // legacy
  std::string_view rest = envelope.substr(kMarker.size());
  if (!rest.starts_with(kVersion1)) {
    throw Error(ErrorCode::kUnsupported,
                "this secret envelope has a version this Flowfile does not know (expected "
                "$ffsec$1$); it was written by a newer Flowfile");
  }
  rest.remove_prefix(kVersion1.size());
  size_t dollar = rest.find('$');
  if (dollar == std::string_view::npos) Malformed("no '$' after the user id");
  int64_t user_id = ParseUserId(rest.substr(0, dollar));
  if (!IsValidFernetKey(master_key))
    throw Error(ErrorCode::kCrypto,
                "malformed master key: expected 44 characters of url-safe base64 encoding 32 "
                "bytes");
  Secret key = DeriveUserKey(master_key, user_id);
  return FernetDecrypt(key.Reveal(), rest.substr(dollar + 1));
}

}  // namespace ff::crypto
