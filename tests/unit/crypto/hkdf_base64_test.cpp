// HKDF-SHA256 against RFC 5869, and the strictness of our base64 decoders.
#include <gtest/gtest.h>

#include "crypto/base64.hpp"
#include "crypto/hkdf.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

// RFC 5869, appendix A.1 (test case 1, SHA-256).
TEST(Hkdf, Rfc5869TestCase1) {
  EXPECT_EQ(HkdfSha256(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                       FromHex("000102030405060708090a0b0c"), FromHex("f0f1f2f3f4f5f6f7f8f9"), 42),
            FromHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b8"
                    "87185865"));
}

// RFC 5869, appendix A.3 (test case 3: empty salt and info).
TEST(Hkdf, Rfc5869TestCase3) {
  EXPECT_EQ(HkdfSha256(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), "", "", 42),
            FromHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4"
                    "b61a96c8"));
}

TEST(Hkdf, OutputLengthIsBounded) {
  EXPECT_EQ(HkdfSha256("ikm", "salt", "info", 1).size(), 1u);
  EXPECT_EQ(HkdfSha256("ikm", "salt", "info", 255 * 32).size(), 255u * 32);
  EXPECT_THROW(HkdfSha256("ikm", "salt", "info", 0), Error);
  EXPECT_THROW(HkdfSha256("ikm", "salt", "info", 255 * 32 + 1), Error);
}

TEST(Base64, EncodesBothAlphabetsWithPadding) {
  // RFC 4648 §10 test vectors.
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8=");
}

TEST(Base64, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 37) {
    std::string bytes = all.substr(0, n);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes);
  }
}

TEST(Base64, DecodingIsStrict) {
  EXPECT_EQ(Base64UrlDecode(""), std::string());
  EXPECT_EQ(Base64UrlDecode("-_8="), std::string("\xfb\xff"));
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(Base64UrlDecode("Zm9vYg=="), "foob");
  EXPECT_FALSE(Base64UrlDecode("+/8="));      // standard alphabet in url mode
  EXPECT_FALSE(Base64Decode("-_8="));         // url alphabet in standard mode
  EXPECT_FALSE(Base64UrlDecode("Zg="));       // length not a multiple of 4
  EXPECT_FALSE(Base64UrlDecode("Zg"));        // padding left out
  EXPECT_FALSE(Base64UrlDecode("Zm9vYg"));    // padding left out, longer
  EXPECT_FALSE(Base64UrlDecode("Z==="));      // too much padding
  EXPECT_FALSE(Base64UrlDecode("===="));      // only padding
  EXPECT_FALSE(Base64UrlDecode("Zg=a"));      // data after padding
  EXPECT_FALSE(Base64UrlDecode("Zg==Zg=="));  // padding in the middle
  EXPECT_FALSE(Base64UrlDecode("Zh=="));      // non-zero unused bits (not canonical)
  EXPECT_FALSE(Base64UrlDecode("Zm9="));      // non-zero unused bits, one '='
  EXPECT_FALSE(Base64UrlDecode("Zm 9"));      // foreign character
  EXPECT_FALSE(Base64UrlDecode("Zm9v\n"));    // trailing newline
  EXPECT_FALSE(Base64UrlDecode(std::string("Zm\0v", 4)));
}

}  // namespace
}  // namespace ff::crypto
