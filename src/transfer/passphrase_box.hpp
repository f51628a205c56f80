// A passphrase-sealed box: scrypt derives a 256-bit key from the passphrase and a random
// salt; AES-256-GCM encrypts with a random 12-byte nonce and a 16-byte tag. The JSON form
// carries everything but the passphrase, so any scrypt + AES-GCM implementation (e.g.
// Python's `cryptography`) can open it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "flowfile/secret.hpp"

namespace ff::transfer {

struct ScryptParams {
  uint64_t n = uint64_t{1} << 15;
  uint64_t r = 8;
  uint64_t p = 1;
};

//! `length` raw bytes of scrypt output. Throws Error(kCrypto) when OpenSSL refuses the
//! parameters, Error(kInvalidArgument) when they exceed what we accept from a file.
Secret DeriveScryptKey(const Secret& passphrase, std::string_view salt, const ScryptParams& params,
                       size_t length);

struct SealedBox {
  ScryptParams params;
  std::string salt;        //!< 16 random bytes
  std::string nonce;       //!< 12 random bytes
  std::string ciphertext;  //!< same length as the plaintext
  std::string tag;         //!< 16 bytes
};

//! The additional authenticated data bound into every box (the format's name and version).
inline constexpr std::string_view kBoxAssociatedData = "flowfile-export-encrypted-v1";

SealedBox SealWithPassphrase(std::string_view plaintext, const Secret& passphrase,
                             const ScryptParams& params = {});
//! Throws Error(kCrypto) naming a wrong passphrase (or a modified box) when the tag fails.
Secret OpenWithPassphrase(const SealedBox& box, const Secret& passphrase);

//! {"flowfile_encrypted_export": 1, "kdf": {...}, "cipher": {...}, "ciphertext": ...}
std::string BoxToJson(const SealedBox& box);
//! Throws Error(kInvalidArgument) when `text` is not a box of a version we read.
SealedBox BoxFromJson(std::string_view text);
bool LooksLikeBox(std::string_view text);

}  // namespace ff::transfer
