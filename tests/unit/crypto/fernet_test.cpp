// Fernet against the specification's official vectors (shared/testdata/fernet).
#include "crypto/fernet.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

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
  strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  int64_t seconds = timegm(&tm);
  int sign = text[19] == '-' ? 1 : -1;  // local = UTC + offset, so UTC = local - offset
  int hours = std::stoi(text.substr(20, 2)), minutes = std::stoi(text.substr(23, 2));
  return static_cast<uint64_t>(seconds + sign * (hours * 3600 + minutes * 60));
}

TEST(Fernet, GenerateVectors) {
  auto vectors = Vectors("generate.json");
  ASSERT_FALSE(vectors.empty());
  for (const auto& v : vectors) {
    std::array<uint8_t, 16> iv{};
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

TEST(Fernet, InvalidVectorsAreRejected) {
  auto vectors = Vectors("invalid.json");
  ASSERT_GE(vectors.size(), 8u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v["desc"].get<std::string>());
    try {
      FernetDecrypt(v["secret"].get<std::string>(), v["token"].get<std::string>(),
                    {.ttl_seconds = v["ttl_sec"].get<uint64_t>(), .now = ParseRfc3339(v["now"])});
      ADD_FAILURE() << "accepted an invalid token";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kCrypto);
      EXPECT_EQ(std::string(e.what()).find(v["secret"].get<std::string>()), std::string::npos);
    }
  }
}

TEST(Fernet, RoundTripWithRandomIvsAndKeys) {
  std::string key = GenerateFernetKey();
  EXPECT_TRUE(IsValidFernetKey(key));
  auto a = FernetEncrypt(key, "same message");
  auto b = FernetEncrypt(key, "same message");
  EXPECT_NE(a, b);  // fresh IV each time
  EXPECT_EQ(FernetDecrypt(key, a).Reveal(), "same message");
  EXPECT_EQ(FernetDecrypt(key, FernetEncrypt(key, "")).Reveal(), "");
  std::string long_text(10000, 'x');
  EXPECT_EQ(FernetDecrypt(key, FernetEncrypt(key, long_text)).Reveal(), long_text);
  EXPECT_THROW(FernetDecrypt(GenerateFernetKey(), a), Error);  // wrong key
}

TEST(Fernet, MalformedKeysAreRefusedWithoutEchoingThem) {
  for (const std::string& bad :
       std::vector<std::string>{"", "short", std::string(44, '*'), std::string(42, 'A') + "B="}) {
    EXPECT_FALSE(IsValidFernetKey(bad));
    try {
      FernetEncrypt(bad, "x");
      ADD_FAILURE();
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("expected 44 characters"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace ff::crypto
