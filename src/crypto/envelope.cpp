#include "crypto/envelope.hpp"

#include <openssl/crypto.h>

#include "crypto/base64.hpp"
#include "crypto/fernet.hpp"
#include "crypto/hkdf.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

constexpr std::string_view kPrefix = "$ffsec$1$";
constexpr std::string_view kSalt = "flowfile-secrets-v1";

}  // namespace

Secret DeriveUserKey(std::string_view master_key, int64_t user_id) {
  // Flowfile feeds the key's base64 *text* to HKDF, not the decoded bytes.
  std::string raw = HkdfSha256(master_key, kSalt, "user-" + std::to_string(user_id), 32);
  std::string text = Base64UrlEncode(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  return Secret::Adopt(text);
}

std::string SealSecret(std::string_view master_key, int64_t user_id, std::string_view plaintext) {
  Secret key = DeriveUserKey(master_key, user_id);
  return std::string(kPrefix) + std::to_string(user_id) + "$" +
         FernetEncrypt(key.Reveal(), plaintext);
}

Secret OpenSecret(std::string_view master_key, std::string_view envelope) {
  if (envelope.substr(0, kPrefix.size()) != kPrefix)  // legacy: a bare token, master key
    return FernetDecrypt(master_key, envelope);
  std::string_view rest = envelope.substr(kPrefix.size());
  size_t dollar = rest.find('$');
  if (dollar == std::string_view::npos || dollar == 0)
    throw Error(ErrorCode::kCrypto, "malformed secret envelope: expected $ffsec$1$<user>$<token>");
  int64_t user_id = 0;
  for (char c : rest.substr(0, dollar)) {
    if (c < '0' || c > '9')
      throw Error(ErrorCode::kCrypto, "malformed secret envelope: the user id is not a number");
    user_id = user_id * 10 + (c - '0');
  }
  Secret key = DeriveUserKey(master_key, user_id);
  return FernetDecrypt(key.Reveal(), rest.substr(dollar + 1));
}

}  // namespace ff::crypto
