#include "crypto/fernet.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <chrono>
#include <memory>

#include "crypto/base64.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

constexpr uint8_t kVersion = 0x80;
constexpr size_t kHeader = 1 + 8 + 16;  // version, timestamp, IV
constexpr size_t kMac = 32;
constexpr uint64_t kMaxClockSkew = 60;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

[[noreturn]] void Invalid(const std::string& why) {
  throw Error(ErrorCode::kCrypto, "invalid Fernet token: " + why);
}

// The decoded key, split and wiped when done.
struct KeyParts {
  explicit KeyParts(std::string_view key) {
    auto raw = Base64UrlDecode(key);
    if (key.size() != 44 || !raw || raw->size() != 32)
      throw Error(ErrorCode::kCrypto,
                  "malformed Fernet key: expected 44 characters of url-safe base64 encoding 32 "
                  "bytes");
    bytes = std::move(*raw);
  }
  ~KeyParts() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
  KeyParts(const KeyParts&) = delete;
  KeyParts& operator=(const KeyParts&) = delete;
  const unsigned char* signing() const {
    return reinterpret_cast<const unsigned char*>(bytes.data());
  }
  const unsigned char* encryption() const { return signing() + 16; }
  std::string bytes;
};

uint64_t Now() {
  using namespace std::chrono;
  return static_cast<uint64_t>(
      duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
}

std::string Hmac(const KeyParts& key, std::string_view data) {
  unsigned char out[kMac];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.signing(), 16, reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), out, &len) ||
      len != kMac)
    throw Error(ErrorCode::kCrypto, "HMAC-SHA256 failed");
  return std::string(reinterpret_cast<char*>(out), kMac);
}

}  // namespace

std::string GenerateFernetKey() {
  std::string raw(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), 32) != 1)
    throw Error(ErrorCode::kCrypto, "the OS random generator failed");
  std::string key = Base64UrlEncode(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  return key;
}

bool IsValidFernetKey(std::string_view key) {
  auto raw = Base64UrlDecode(key);
  bool ok = key.size() == 44 && raw && raw->size() == 32;
  if (raw) OPENSSL_cleanse(raw->data(), raw->size());
  return ok;
}

std::string FernetEncrypt(std::string_view key_text, std::string_view plaintext,
                          const FernetEncryptOptions& options) {
  KeyParts key(key_text);
  std::string token(kHeader, '\0');
  token[0] = static_cast<char>(kVersion);
  uint64_t now = options.now.value_or(Now());
  for (int i = 0; i < 8; ++i) token[1 + i] = static_cast<char>((now >> (56 - 8 * i)) & 0xff);
  auto* iv = reinterpret_cast<unsigned char*>(token.data() + 9);
  if (options.iv) {
    std::copy(options.iv->begin(), options.iv->end(), iv);
  } else if (RAND_bytes(iv, 16) != 1) {
    throw Error(ErrorCode::kCrypto, "the OS random generator failed");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string cipher(plaintext.size() + 16, '\0');
  int len = 0, tail = 0;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, key.encryption(), iv) != 1 ||
      EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(cipher.data()), &len,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(cipher.data()) + len,
                          &tail) != 1)
    throw Error(ErrorCode::kCrypto, "AES-128-CBC encryption failed");
  cipher.resize(static_cast<size_t>(len + tail));
  token += cipher;
  token += Hmac(key, token);
  return Base64UrlEncode(token);
}

Secret FernetDecrypt(std::string_view key_text, std::string_view token_text,
                     const FernetDecryptOptions& options) {
  KeyParts key(key_text);
  auto decoded = Base64UrlDecode(token_text);
  if (!decoded) Invalid("not url-safe base64");
  const std::string& token = *decoded;
  if (token.empty() || static_cast<uint8_t>(token[0]) != kVersion) Invalid("unknown version byte");
  if (token.size() < kHeader + 16 + kMac || (token.size() - kHeader - kMac) % 16 != 0)
    Invalid("wrong length");
  uint64_t stamp = 0;
  for (int i = 0; i < 8; ++i) stamp = (stamp << 8) | static_cast<uint8_t>(token[1 + i]);
  uint64_t now = options.now.value_or(Now());
  if (options.ttl_seconds && stamp + *options.ttl_seconds < now) Invalid("expired");
  if (stamp > now + kMaxClockSkew) Invalid("timestamp too far in the future");
  std::string_view signed_part(token.data(), token.size() - kMac);
  std::string mac = Hmac(key, signed_part);
  if (CRYPTO_memcmp(mac.data(), token.data() + signed_part.size(), kMac) != 0)
    Invalid("signature does not match (wrong key or altered token)");

  const auto* iv = reinterpret_cast<const unsigned char*>(token.data() + 9);
  const auto* cipher = reinterpret_cast<const unsigned char*>(token.data() + kHeader);
  int cipher_len = static_cast<int>(token.size() - kHeader - kMac);
  std::string plain(static_cast<size_t>(cipher_len), '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0, tail = 0;
  bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, key.encryption(), iv) == 1 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, cipher,
                        cipher_len) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &tail) ==
          1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    Invalid("bad padding");
  }
  plain.resize(static_cast<size_t>(len + tail));
  return Secret::Adopt(plain);
}

}  // namespace ff::crypto
