#include "crypto/fernet.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>

#include "crypto/base64.hpp"
#include "crypto/openssl_handles.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

constexpr uint8_t kVersion = 0x80;
constexpr size_t kTimestampOffset = 1;
constexpr size_t kIvOffset = 9;
constexpr size_t kHeaderSize = 1 + 8 + 16;  // version, timestamp, IV
constexpr size_t kBlockSize = 16;
constexpr size_t kMacSize = 32;
constexpr size_t kKeySize = 32;
constexpr size_t kKeyTextSize = 44;
// OpenSSL's EVP lengths are ints; credentials are tiny, so refuse anything near the limit.
constexpr size_t kMaxPlaintextSize = size_t{1} << 30;

[[noreturn]] void Invalid(const std::string& why) {
  throw Error(ErrorCode::kCrypto, "invalid Fernet token: " + why);
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}
unsigned char* Bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

// The decoded key: signing half first, encryption half second. Wiped when it dies.
class KeyParts {
 public:
  explicit KeyParts(std::string_view key_text) {
    std::optional<std::string> raw;
    if (key_text.size() == kKeyTextSize) raw = Base64UrlDecode(key_text);
    if (!raw || raw->size() != kKeySize) {
      if (raw) OPENSSL_cleanse(raw->data(), raw->size());
      throw Error(ErrorCode::kCrypto,
                  "malformed Fernet key: expected 44 characters of url-safe base64 encoding 32 "
                  "bytes");
    }
    std::copy(raw->begin(), raw->end(), bytes_.begin());
    OPENSSL_cleanse(raw->data(), raw->size());
  }
  ~KeyParts() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
  KeyParts(const KeyParts&) = delete;
  KeyParts& operator=(const KeyParts&) = delete;

  const unsigned char* signing() const { return bytes_.data(); }
  const unsigned char* encryption() const { return bytes_.data() + 16; }

 private:
  std::array<unsigned char, kKeySize> bytes_{};
};

uint64_t Now() {
  using namespace std::chrono;
  return static_cast<uint64_t>(
      duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
}

std::array<unsigned char, kMacSize> Hmac(const KeyParts& key, std::string_view data) {
  std::array<unsigned char, kMacSize> mac{};
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.signing(), 16, Bytes(data), data.size(), mac.data(), &size) ==
          nullptr ||
      size != kMacSize)
    throw Error(ErrorCode::kCrypto, "HMAC-SHA256 failed");
  return mac;
}

void RandomBytes(unsigned char* out, size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1)
    throw Error(ErrorCode::kCrypto, "the OS random number generator failed");
}

}  // namespace

std::string GenerateFernetKey() {
  std::string raw(kKeySize, '\0');
  RandomBytes(Bytes(raw), raw.size());
  std::string key = Base64UrlEncode(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  return key;
}

bool IsValidFernetKey(std::string_view key) {
  if (key.size() != kKeyTextSize) return false;
  auto raw = Base64UrlDecode(key);
  if (!raw) return false;
  bool ok = raw->size() == kKeySize;
  OPENSSL_cleanse(raw->data(), raw->size());
  return ok;
}

std::string FernetEncrypt(std::string_view key_text, std::string_view plaintext,
                          const FernetEncryptOptions& options) {
  KeyParts key(key_text);
  if (plaintext.size() > kMaxPlaintextSize)
    throw Error(ErrorCode::kInvalidArgument, "cannot encrypt more than 1 GiB in one Fernet token");
  // version | timestamp (big-endian) | IV | ciphertext | HMAC
  std::string token(kHeaderSize, '\0');
  token[0] = static_cast<char>(kVersion);
  uint64_t now = options.now.value_or(Now());
  for (size_t i = 0; i < 8; ++i)
    token[kTimestampOffset + i] = static_cast<char>((now >> (56 - 8 * i)) & 0xff);
  unsigned char* iv = Bytes(token) + kIvOffset;
  if (options.iv)
    std::copy(options.iv->begin(), options.iv->end(), iv);
  else
    RandomBytes(iv, kBlockSize);

  // PKCS#7 always adds 1..16 bytes.
  size_t cipher_capacity = (plaintext.size() / kBlockSize + 1) * kBlockSize;
  token.resize(kHeaderSize + cipher_capacity);
  unsigned char* cipher = Bytes(token) + kHeaderSize;
  iv = Bytes(token) + kIvOffset;  // the resize may have moved the buffer
  CipherContext ctx(EVP_CIPHER_CTX_new());
  int written = 0, tail = 0;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, key.encryption(), iv) != 1 ||
      EVP_EncryptUpdate(ctx.get(), cipher, &written, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), cipher + written, &tail) != 1)
    throw Error(ErrorCode::kCrypto, "AES-128-CBC encryption failed");
  if (static_cast<size_t>(written + tail) != cipher_capacity)
    throw Error(ErrorCode::kInternal, "AES-128-CBC produced an unexpected length");

  auto mac = Hmac(key, token);
  token.append(reinterpret_cast<const char*>(mac.data()), mac.size());
  return Base64UrlEncode(token);
}

Secret FernetDecrypt(std::string_view key_text, std::string_view token_text,
                     const FernetDecryptOptions& options) {
  KeyParts key(key_text);
  if (token_text.size() > kMaxPlaintextSize) Invalid("longer than 1 GiB");
  std::optional<std::string> decoded = Base64UrlDecode(token_text);
  if (!decoded) Invalid("not url-safe base64 with padding");
  std::string_view token = *decoded;
  if (token.empty() || static_cast<uint8_t>(token[0]) != kVersion)
    Invalid("unknown version (expected 0x80)");
  if (token.size() < kHeaderSize + kBlockSize + kMacSize ||
      (token.size() - kHeaderSize - kMacSize) % kBlockSize != 0)
    Invalid("wrong length (the ciphertext must be a non-zero multiple of 16 bytes)");

  uint64_t stamp = 0;
  for (size_t i = 0; i < 8; ++i)
    stamp = (stamp << 8) | static_cast<uint8_t>(token[kTimestampOffset + i]);
  if (options.ttl_seconds) {
    uint64_t now = options.now.value_or(Now());
    // Written without additions that could overflow on hostile timestamps.
    if (now > stamp && now - stamp > *options.ttl_seconds) Invalid("expired (older than the TTL)");
    if (stamp > now && stamp - now > kFernetMaxClockSkewSeconds)
      Invalid("timestamp too far in the future (more than 60 s of clock skew)");
  }

  std::string_view signed_part = token.substr(0, token.size() - kMacSize);
  auto expected = Hmac(key, signed_part);
  if (CRYPTO_memcmp(expected.data(), token.data() + signed_part.size(), kMacSize) != 0)
    Invalid("signature does not match (wrong key or altered token)");

  std::string_view cipher = signed_part.substr(kHeaderSize);
  const unsigned char* iv = Bytes(token) + kIvOffset;
  std::string plain(cipher.size(), '\0');
  CipherContext ctx(EVP_CIPHER_CTX_new());
  int written = 0, tail = 0;
  // EVP_DecryptFinal_ex checks every PKCS#7 padding byte.
  bool ok = ctx &&
            EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, key.encryption(), iv) == 1 &&
            EVP_DecryptUpdate(ctx.get(), Bytes(plain), &written, Bytes(cipher),
                              static_cast<int>(cipher.size())) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), Bytes(plain) + written, &tail) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    Invalid("bad padding");
  }
  Secret result(std::string_view(plain.data(), static_cast<size_t>(written + tail)));
  OPENSSL_cleanse(plain.data(), plain.size());
  return result;
}

}  // namespace ff::crypto
