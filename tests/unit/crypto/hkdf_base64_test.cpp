#include <gtest/gtest.h>

#include "crypto/base64.hpp"
#include "crypto/hkdf.hpp"

namespace ff::crypto {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

// RFC 5869, appendix A, test cases 1 and 3 (SHA-256).
TEST(Hkdf, Rfc5869Vectors) {
  EXPECT_EQ(HkdfSha256(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                       FromHex("000102030405060708090a0b0c"), FromHex("f0f1f2f3f4f5f6f7f8f9"), 42),
            FromHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b8"
                    "87185865"));
  EXPECT_EQ(HkdfSha256(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), "", "", 42),
            FromHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4"
                    "b61a96c8"));
}

TEST(Base64, EncodesBothAlphabetsWithPadding) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8=");
}

TEST(Base64, DecodingIsStrict) {
  EXPECT_EQ(Base64UrlDecode("-_8="), std::string("\xfb\xff"));
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
  EXPECT_FALSE(Base64UrlDecode("+/8="));      // standard alphabet in url mode
  EXPECT_FALSE(Base64Decode("-_8="));         // url alphabet in standard mode
  EXPECT_FALSE(Base64UrlDecode("Zg="));       // length not a multiple of 4
  EXPECT_FALSE(Base64UrlDecode("Z==="));      // too much padding
  EXPECT_FALSE(Base64UrlDecode("Zg==Zg=="));  // padding in the middle
  EXPECT_FALSE(Base64UrlDecode("Zh=="));      // non-zero unused bits
  EXPECT_FALSE(Base64UrlDecode("Zm 9"));      // foreign character
}

}  // namespace
}  // namespace ff::crypto
