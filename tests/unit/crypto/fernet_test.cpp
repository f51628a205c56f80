// Fernet against the specification's official vectors (shared/testdata/fernet), plus the
// rules the vectors do not pin down (TTL edges, clock skew only with a TTL, tampering).
#include "crypto/fernet.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "crypto/base64.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

nlohmann::json Vectors(const std::string& name) {
  std::ifstream in(std::string(FLOWFILE_SHARED_DIR) + "/testdata/fernet/" + name);
  EXPECT_TRUE(in.good()) << name;
  return nlohmann::json::parse(in);
}

// "1985-10-26T01:20:01-07:00" -> seconds since the epoch (UTC).
uint64_t ParseRfc3339(const std::string& text) {
  std::tm tm{};
  EXPECT_NE(strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm), nullptr) << text;
  int64_t local = timegm(&tm);
  int sign = text[19] == '-' ? 1 : -1;  // local = UTC + offset, so UTC = local - offset
  int hours = std::stoi(text.substr(20, 2)), minutes = std::stoi(text.substr(23, 2));
  return static_cast<uint64_t>(local + sign * (hours * 3600 + minutes * 60));
}

// The reason each invalid vector must be rejected for (a substring of our message).
const std::map<std::string, std::string>& ExpectedReasons() {
  static const std::map<std::string, std::string> reasons = {
      {"incorrect mac", "signature"},
      {"too short", "wrong length"},
      {"invalid base64", "base64"},
      {"payload size not multiple of block size", "wrong length"},
      {"payload padding error", "padding"},
      {"far-future TS (unacceptable clock skew)", "future"},
      {"expired TTL", "expired"},
      {"incorrect IV (causes padding error)", "padding"},
  };
  return reasons;
}

TEST(Fernet, ParsesSpecTimesAsUtc) {
  EXPECT_EQ(ParseRfc3339("1985-10-26T01:20:00-07:00"), 499162800u);  // per the README
}

TEST(Fernet, GenerateVectors) {
  auto vectors = Vectors("generate.json");
  ASSERT_FALSE(vectors.empty());
  for (const auto& v : vectors) {
    std::array<uint8_t, 16> iv{};
    ASSERT_EQ(v["iv"].size(), 16u);
    for (size_t i = 0; i < 16; ++i) iv[i] = v["iv"][i].get<uint8_t>();
    auto token = FernetEncrypt(v["secret"].get<std::string>(), v["src"].get<std::string>(),
                               {.now = ParseRfc3339(v["now"]), .iv = iv});
    EXPECT_EQ(token, v["token"].get<std::string>());
  }
}

TEST(Fernet, VerifyVectors) {
  auto vectors = Vectors("verify.json");
  ASSERT_FALSE(vectors.empty());
  for (const auto& v : vectors) {
    auto plain =
        FernetDecrypt(v["secret"].get<std::string>(), v["token"].get<std::string>(),
                      {.ttl_seconds = v["ttl_sec"].get<uint64_t>(), .now = ParseRfc3339(v["now"])});
    EXPECT_EQ(plain.Reveal(), v["src"].get<std::string>());
  }
}

TEST(Fernet, InvalidVectorsAreRejectedForTheRightReason) {
  auto vectors = Vectors("invalid.json");
  ASSERT_EQ(vectors.size(), ExpectedReasons().size());
  for (const auto& v : vectors) {
    std::string desc = v["desc"].get<std::string>();
    SCOPED_TRACE(desc);
    ASSERT_TRUE(ExpectedReasons().contains(desc));
    try {
      FernetDecrypt(v["secret"].get<std::string>(), v["token"].get<std::string>(),
                    {.ttl_seconds = v["ttl_sec"].get<uint64_t>(), .now = ParseRfc3339(v["now"])});
      ADD_FAILURE() << "accepted an invalid token";
    } catch (const Error& e) {
      std::string message = e.what();
      EXPECT_EQ(e.code(), ErrorCode::kCrypto);
      EXPECT_NE(message.find(ExpectedReasons().at(desc)), std::string::npos) << message;
      EXPECT_EQ(message.find(v["secret"].get<std::string>()), std::string::npos);
    }
  }
}

TEST(Fernet, TtlEdgesAndClockSkewApplyOnlyWithATtl) {
  std::string key = GenerateFernetKey();
  const uint64_t stamp = 1'700'000'000;
  std::string token = FernetEncrypt(key, "x", {.now = stamp});
  EXPECT_EQ(FernetDecrypt(key, token, {.ttl_seconds = 60, .now = stamp + 60}).Reveal(), "x");
  EXPECT_THROW(FernetDecrypt(key, token, {.ttl_seconds = 60, .now = stamp + 61}), Error);
  // 60 s in the future is tolerated, 61 s is not -- but only when a TTL is asked for:
  // stored secrets (no TTL) stay readable after the clock is set back.
  EXPECT_EQ(FernetDecrypt(key, token, {.ttl_seconds = 60, .now = stamp - 60}).Reveal(), "x");
  EXPECT_THROW(FernetDecrypt(key, token, {.ttl_seconds = 60, .now = stamp - 61}), Error);
  EXPECT_EQ(FernetDecrypt(key, token, {.now = stamp - 100000}).Reveal(), "x");
  // A hostile timestamp near 2^64 must not wrap around the TTL check.
  std::string far = FernetEncrypt(key, "x", {.now = ~uint64_t{0} - 5});
  EXPECT_THROW(FernetDecrypt(key, far, {.ttl_seconds = 60, .now = stamp}), Error);
}

TEST(Fernet, AnyChangedByteIsRejected) {
  std::string key = GenerateFernetKey();
  std::string raw = *Base64UrlDecode(FernetEncrypt(key, "sixteen bytes!!!"));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string altered = raw;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    EXPECT_THROW(FernetDecrypt(key, Base64UrlEncode(altered)), Error) << "byte " << i;
  }
  EXPECT_THROW(FernetDecrypt(key, Base64UrlEncode(raw.substr(0, raw.size() - 16))), Error);
  EXPECT_EQ(FernetDecrypt(key, Base64UrlEncode(raw)).Reveal(), "sixteen bytes!!!");
}

TEST(Fernet, RoundTripWithRandomIvsAndKeys) {
  std::string key = GenerateFernetKey();
  EXPECT_TRUE(IsValidFernetKey(key));
  EXPECT_NE(key, GenerateFernetKey());
  auto a = FernetEncrypt(key, "same message");
  auto b = FernetEncrypt(key, "same message");
  EXPECT_NE(a, b);  // a fresh IV each time
  EXPECT_EQ(FernetDecrypt(key, a).Reveal(), "same message");
  EXPECT_EQ(FernetDecrypt(key, FernetEncrypt(key, "")).Reveal(), "");
  for (size_t size : {15u, 16u, 17u, 10000u}) {
    std::string text(size, 'x');
    std::string token = FernetEncrypt(key, text);
    // version + timestamp + IV + padded ciphertext + HMAC
    EXPECT_EQ(Base64UrlDecode(token)->size(), 25 + (size / 16 + 1) * 16 + 32);
    EXPECT_EQ(FernetDecrypt(key, token).Reveal(), text);
  }
  EXPECT_THROW(FernetDecrypt(GenerateFernetKey(), a), Error);  // wrong key
}

TEST(Fernet, MalformedKeysAreRefusedWithoutEchoingThem) {
  const std::string valid = GenerateFernetKey();
  for (const std::string& bad :
       std::vector<std::string>{"", "short", std::string(44, '*'), std::string(42, 'A') + "B=",
                                valid.substr(0, 43) + "+",  // standard alphabet: not base64url
                                valid.substr(0, 43) + "AAAA"}) {  // 47 characters
    SCOPED_TRACE(bad);
    EXPECT_FALSE(IsValidFernetKey(bad));
    try {
      FernetEncrypt(bad, "x");
      ADD_FAILURE() << "accepted a malformed key";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kCrypto);
      EXPECT_NE(std::string(e.what()).find("expected 44 characters"), std::string::npos);
      if (bad.size() > 5) {
        EXPECT_EQ(std::string(e.what()).find(bad), std::string::npos);
      }
    }
  }
}

}  // namespace
}  // namespace ff::crypto
