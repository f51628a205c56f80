// Hashes and MACs the cloud signers need (SHA-256, HMAC-SHA256, MD5), through OpenSSL.
// Inputs and raw outputs are byte strings; *Hex variants give lower-case hex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ff::cloud {

std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
std::string Md5(std::string_view data);
//! CRC-32 (IEEE, zlib's), as S3's x-amz-checksum-crc32 carries it (base64 of big-endian).
uint32_t Crc32(std::string_view data);
std::string HexEncode(std::string_view bytes);

//! MD5 over data arriving in pieces (downloads checked against the store's recorded hash).
class Md5Stream {
 public:
  Md5Stream();
  ~Md5Stream();
  Md5Stream(const Md5Stream&) = delete;
  Md5Stream& operator=(const Md5Stream&) = delete;
  void Update(std::string_view data);
  //! The raw 16-byte digest; the stream is finished afterwards.
  std::string Final();

 private:
  void* context_;  // EVP_MD_CTX, kept out of the header
};

//! SHA-256 of the empty string, the payload hash of every body-less request.
inline constexpr std::string_view kEmptySha256Hex =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace ff::cloud
