#include "transfer/passphrase_box.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "flowfile/errors.hpp"

namespace ff::transfer {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// RFC 7914 §12, the second and third test vectors.
TEST(Scrypt, MatchesRfc7914Vectors) {
  EXPECT_EQ(Hex(DeriveScryptKey(Secret("password"), "NaCl", {1024, 8, 16}, 64).Reveal()),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
  EXPECT_EQ(
      Hex(DeriveScryptKey(Secret("pleaseletmein"), "SodiumChloride", {16384, 8, 1}, 64).Reveal()),
      "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
      "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
}

TEST(PassphraseBox, RoundTripsWithFreshSaltAndNonce) {
  SealedBox a = SealWithPassphrase("the document", Secret("correct horse"));
  SealedBox b = SealWithPassphrase("the document", Secret("correct horse"));
  EXPECT_EQ(a.salt.size(), 16u);
  EXPECT_EQ(a.nonce.size(), 12u);
  EXPECT_EQ(a.tag.size(), 16u);
  EXPECT_NE(a.salt, b.salt);
  EXPECT_NE(a.nonce, b.nonce);
  EXPECT_NE(a.ciphertext, b.ciphertext);
  EXPECT_EQ(a.params.n, uint64_t{1} << 15);
  EXPECT_EQ(OpenWithPassphrase(BoxFromJson(BoxToJson(a)), Secret("correct horse")).Reveal(),
            "the document");
}

TEST(PassphraseBox, WrongPassphraseIsACryptoErrorThatSaysSo) {
  SealedBox box = SealWithPassphrase("the document", Secret("right"));
  try {
    OpenWithPassphrase(box, Secret("wrong"));
    FAIL() << "expected a throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCrypto);
    EXPECT_NE(std::string(e.what()).find("wrong passphrase"), std::string::npos);
  }
}

TEST(PassphraseBox, AnyModifiedByteFailsTheTag) {
  SealedBox box = SealWithPassphrase("the document", Secret("pw"));
  SealedBox flipped_ciphertext = box;
  flipped_ciphertext.ciphertext[3] ^= 1;
  EXPECT_THROW(OpenWithPassphrase(flipped_ciphertext, Secret("pw")), Error);
  SealedBox flipped_tag = box;
  flipped_tag.tag[0] ^= 0x80;
  EXPECT_THROW(OpenWithPassphrase(flipped_tag, Secret("pw")), Error);
  SealedBox flipped_nonce = box;
  flipped_nonce.nonce[11] ^= 1;
  EXPECT_THROW(OpenWithPassphrase(flipped_nonce, Secret("pw")), Error);
}

TEST(PassphraseBox, RefusesCostlyOrMalformedParametersFromAFile) {
  auto j = nlohmann::json::parse(BoxToJson(SealWithPassphrase("x", Secret("pw"))));
  j["kdf"]["n"] = uint64_t{1} << 30;  // 128 GiB of scrypt memory
  try {
    BoxFromJson(j.dump());
    FAIL() << "expected a throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
  j["kdf"]["n"] = 1000;  // not a power of two
  EXPECT_THROW(BoxFromJson(j.dump()), Error);
  EXPECT_THROW(BoxFromJson("{\"flowfile_encrypted_export\": 2}"), Error);
  EXPECT_THROW(BoxFromJson("not json"), Error);
  EXPECT_FALSE(LooksLikeBox("{\"flowfile_export\": 1}"));
  EXPECT_TRUE(LooksLikeBox(BoxToJson(SealWithPassphrase("x", Secret("pw")))));
}

TEST(PassphraseBox, RefusesAnEmptyPassphrase) {
  EXPECT_THROW(SealWithPassphrase("x", Secret()), Error);
}

}  // namespace
}  // namespace ff::transfer
