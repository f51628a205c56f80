#include "crypto/hkdf.hpp"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "crypto/openssl_handles.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {

std::string HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                       size_t length) {
  if (length == 0 || length > 255 * 32)
    throw Error(ErrorCode::kInvalidArgument,
                "HKDF-SHA256 output length must be between 1 and 8160 bytes");
  KdfAlgorithm kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) throw Error(ErrorCode::kCrypto, "HKDF is not available in this OpenSSL build");
  KdfContext ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) throw Error(ErrorCode::kCrypto, "cannot create an HKDF context");
  // OSSL_PARAM takes non-const pointers, but OpenSSL only reads these buffers.
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_octet_string(
                             OSSL_KDF_PARAM_KEY, const_cast<char*>(ikm.data()), ikm.size()),
                         OSSL_PARAM_construct_octet_string(
                             OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
                         OSSL_PARAM_construct_octet_string(
                             OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
                         OSSL_PARAM_construct_end()};
  std::string out(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), length, params) != 1)
    throw Error(ErrorCode::kCrypto, "HKDF-SHA256 derivation failed");
  return out;
}

}  // namespace ff::crypto
