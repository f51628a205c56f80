#include "transfer/passphrase_box.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "crypto/base64.hpp"
#include "flowfile/errors.hpp"

namespace ff::transfer {
namespace {

constexpr size_t kKeyBytes = 32, kSaltBytes = 16, kNonceBytes = 12, kTagBytes = 16;
// A bundle names its own scrypt cost; cap it so a crafted file cannot ask for gigabytes.
constexpr uint64_t kMaxScryptMemory = uint64_t{256} << 20;

std::string RandomBytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
    throw Error(ErrorCode::kCrypto, "the OS random number generator failed");
  return out;
}

void CheckParams(const ScryptParams& p) {
  bool power_of_two = p.n > 1 && (p.n & (p.n - 1)) == 0;
  if (!power_of_two || p.r == 0 || p.p == 0 || p.p > 16 || p.r > 64 ||
      p.n > kMaxScryptMemory / (128 * p.r))
    throw Error(ErrorCode::kInvalidArgument,
                "scrypt parameters N=" + std::to_string(p.n) + " r=" + std::to_string(p.r) +
                    " p=" + std::to_string(p.p) +
                    " are not accepted; expected N a power of two, r <= 64, p <= 16 and at "
                    "most 256 MiB of memory");
}

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

CipherContext NewGcmContext(bool encrypt, const Secret& key, std::string_view nonce) {
  CipherContext ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw Error(ErrorCode::kCrypto, "out of memory creating a cipher context");
  auto* k = reinterpret_cast<const unsigned char*>(key.Reveal().data());
  auto* iv = reinterpret_cast<const unsigned char*>(nonce.data());
  int ok = EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr,
                             encrypt ? 1 : 0) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()),
                               nullptr) == 1 &&
           EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, k, iv, -1) == 1;
  if (!ok) throw Error(ErrorCode::kCrypto, "could not initialise AES-256-GCM");
  int unused = 0;
  if (EVP_CipherUpdate(ctx.get(), nullptr, &unused,
                       reinterpret_cast<const unsigned char*>(kBoxAssociatedData.data()),
                       static_cast<int>(kBoxAssociatedData.size())) != 1)
    throw Error(ErrorCode::kCrypto, "AES-256-GCM refused the associated data");
  return ctx;
}

std::string DecodeField(const nlohmann::json& object, const char* key, size_t expected_size) {
  if (!object.contains(key) || !object[key].is_string())
    throw Error(ErrorCode::kInvalidArgument,
                std::string("encrypted export: missing base64 field '") + key + "'");
  auto bytes = crypto::Base64Decode(object[key].get<std::string>());
  if (!bytes || (expected_size != 0 && bytes->size() != expected_size))
    throw Error(ErrorCode::kInvalidArgument,
                std::string("encrypted export: field '") + key + "' is not valid base64" +
                    (expected_size ? " of " + std::to_string(expected_size) + " bytes" : ""));
  return *bytes;
}

}  // namespace

Secret DeriveScryptKey(const Secret& passphrase, std::string_view salt, const ScryptParams& params,
                       size_t length) {
  CheckParams(params);
  std::string key(length, '\0');
  uint64_t max_memory = 128 * params.r * (params.n + params.p + 2) + (1 << 20);
  if (EVP_PBE_scrypt(passphrase.Reveal().data(), passphrase.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), params.n,
                     params.r, params.p, max_memory, reinterpret_cast<unsigned char*>(key.data()),
                     key.size()) != 1)
    throw Error(ErrorCode::kCrypto, "scrypt key derivation failed");
  return Secret::Adopt(key);
}

SealedBox SealWithPassphrase(std::string_view plaintext, const Secret& passphrase,
                             const ScryptParams& params) {
  if (passphrase.empty())
    throw Error(ErrorCode::kInvalidArgument, "the export passphrase is empty");
  SealedBox box;
  box.params = params;
  box.salt = RandomBytes(kSaltBytes);
  box.nonce = RandomBytes(kNonceBytes);
  Secret key = DeriveScryptKey(passphrase, box.salt, params, kKeyBytes);
  CipherContext ctx = NewGcmContext(true, key, box.nonce);
  box.ciphertext.resize(plaintext.size());
  int written = 0, final_written = 0;
  if (EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(box.ciphertext.data()), &written,
                       reinterpret_cast<const unsigned char*>(plaintext.data()),
                       static_cast<int>(plaintext.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(),
                         reinterpret_cast<unsigned char*>(box.ciphertext.data()) + written,
                         &final_written) != 1)
    throw Error(ErrorCode::kCrypto, "AES-256-GCM encryption failed");
  box.tag.resize(kTagBytes);
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                          box.tag.data()) != 1)
    throw Error(ErrorCode::kCrypto, "AES-256-GCM did not produce a tag");
  return box;
}

Secret OpenWithPassphrase(const SealedBox& box, const Secret& passphrase) {
  if (box.salt.size() != kSaltBytes || box.nonce.size() != kNonceBytes ||
      box.tag.size() != kTagBytes)
    throw Error(ErrorCode::kInvalidArgument,
                "encrypted export: salt, nonce or tag has the wrong length (expected 16, 12 "
                "and 16 bytes)");
  Secret key = DeriveScryptKey(passphrase, box.salt, box.params, kKeyBytes);
  CipherContext ctx = NewGcmContext(false, key, box.nonce);
  std::string plaintext(box.ciphertext.size(), '\0');
  int written = 0, final_written = 0;
  if (EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()), &written,
                       reinterpret_cast<const unsigned char*>(box.ciphertext.data()),
                       static_cast<int>(box.ciphertext.size())) != 1)
    throw Error(ErrorCode::kCrypto, "AES-256-GCM decryption failed");
  std::string tag = box.tag;
  bool verified =
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()),
                          tag.data()) == 1 &&
      EVP_CipherFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()) + written,
                         &final_written) == 1;
  if (!verified) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    throw Error(ErrorCode::kCrypto,
                "cannot decrypt the export: wrong passphrase, or the file was modified (the "
                "AES-GCM tag does not verify)");
  }
  return Secret::Adopt(plaintext);
}

std::string BoxToJson(const SealedBox& box) {
  nlohmann::ordered_json j;
  j["flowfile_encrypted_export"] = 1;
  j["kdf"] = {{"name", "scrypt"},
              {"n", box.params.n},
              {"r", box.params.r},
              {"p", box.params.p},
              {"salt", crypto::Base64Encode(box.salt)}};
  j["cipher"] = {{"name", "aes-256-gcm"},
                 {"nonce", crypto::Base64Encode(box.nonce)},
                 {"tag", crypto::Base64Encode(box.tag)},
                 {"associated_data", std::string(kBoxAssociatedData)}};
  j["ciphertext"] = crypto::Base64Encode(box.ciphertext);
  return j.dump(2) + "\n";
}

bool LooksLikeBox(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("flowfile_encrypted_export");
}

SealedBox BoxFromJson(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("flowfile_encrypted_export"))
    throw Error(ErrorCode::kInvalidArgument, "not a Flowfile encrypted export");
  if (j["flowfile_encrypted_export"] != 1)
    throw Error(ErrorCode::kInvalidArgument, "encrypted export version " +
                                                 j["flowfile_encrypted_export"].dump() +
                                                 " is not supported; expected 1");
  const auto& kdf = j.value("kdf", nlohmann::json::object());
  const auto& cipher = j.value("cipher", nlohmann::json::object());
  if (kdf.value("name", "") != "scrypt" || cipher.value("name", "") != "aes-256-gcm")
    throw Error(ErrorCode::kInvalidArgument,
                "encrypted export: expected kdf 'scrypt' and cipher 'aes-256-gcm'");
  SealedBox box;
  try {
    box.params = {kdf.at("n").get<uint64_t>(), kdf.at("r").get<uint64_t>(),
                  kdf.at("p").get<uint64_t>()};
  } catch (const nlohmann::json::exception&) {
    throw Error(ErrorCode::kInvalidArgument,
                "encrypted export: kdf needs integer fields n, r and p");
  }
  CheckParams(box.params);
  box.salt = DecodeField(kdf, "salt", kSaltBytes);
  box.nonce = DecodeField(cipher, "nonce", kNonceBytes);
  box.tag = DecodeField(cipher, "tag", kTagBytes);
  box.ciphertext = DecodeField(j, "ciphertext", 0);
  return box;
}

}  // namespace ff::transfer
