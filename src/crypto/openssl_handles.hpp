// Owners for OpenSSL objects: move-only, freed exactly once on every path (including
// exceptions), so no code in this folder calls a *_free function by hand.
#pragma once

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <memory>

namespace ff::crypto {

template <auto Free>
struct OpensslFree {
  template <typename T>
  void operator()(T* object) const noexcept {
    Free(object);
  }
};

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, OpensslFree<&EVP_CIPHER_CTX_free>>;
using KdfAlgorithm = std::unique_ptr<EVP_KDF, OpensslFree<&EVP_KDF_free>>;
using KdfContext = std::unique_ptr<EVP_KDF_CTX, OpensslFree<&EVP_KDF_CTX_free>>;

}  // namespace ff::crypto
