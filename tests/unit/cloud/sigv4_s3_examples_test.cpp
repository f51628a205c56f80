// The worked SigV4 examples of the Amazon S3 API Reference (testdata/sigv4/s3-doc-examples.json):
// S3's single URI encoding, x-amz-content-sha256, UNSIGNED-PAYLOAD presigned URLs and the
// chained chunk signatures of aws-chunked uploads.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cloud/sigv4.hpp"
#include "cloud/url.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

nlohmann::json Examples() {
  std::ifstream in(std::filesystem::path(FLOWFILE_SHARED_DIR) / "testdata" / "sigv4" /
                   "s3-doc-examples.json");
  return nlohmann::json::parse(in);
}

AwsCredentials Credentials(const nlohmann::json& examples) {
  return {examples["credentials"]["access_key_id"],
          Secret(examples["credentials"]["secret_access_key"].get<std::string>()), Secret()};
}

SigV4Request RequestOf(const nlohmann::json& request) {
  SigV4Request out;
  out.method = request["method"];
  out.path = request["path"];
  out.query = request["query"];
  for (const auto& [name, value] : request["headers"].items())
    out.headers.push_back({name, value.get<std::string>()});
  return out;
}

std::vector<std::pair<std::string, std::string>> SortedParams(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params = SplitQuery(query);
  std::sort(params.begin(), params.end());
  return params;
}

std::string WithoutSpaceAfterCommas(std::string text) {
  for (size_t at = text.find(", "); at != std::string::npos; at = text.find(", ", at))
    text.erase(at + 1, 1);
  return text;
}

TEST(SigV4S3Examples, EveryPublishedExampleSigns) {
  nlohmann::json examples = Examples();
  AwsCredentials credentials = Credentials(examples);
  ASSERT_EQ(examples["cases"].size(), 6u);
  int checked = 0;
  for (const nlohmann::json& example : examples["cases"]) {
    SCOPED_TRACE(example["name"].get<std::string>());
    SigV4Options options = SigV4Options::ForS3(examples["region"], examples["x_amz_date"]);
    SigV4Request request = RequestOf(example["request"]);
    std::string body = example["request"]["body"];
    request.body = body;
    SigV4Result result;
    if (example["request"].value("presigned", false)) {
      options.payload_hash = std::string(kUnsignedPayload);
      options.expires_seconds = example["request"]["expires_seconds"];
      result = SignV4Query(request, credentials, options);
      // Same URL up to the order of the query parameters (AWS's suite and the S3 guide
      // order them differently; servers do not care).
      std::string expected_url = example["presigned_url"];
      std::string prefix =
          "https://" + example["request"]["host"].get<std::string>() + request.path;
      EXPECT_EQ(expected_url.substr(0, expected_url.find('?')), prefix);
      EXPECT_EQ(SortedParams(result.signed_query),
                SortedParams(expected_url.substr(expected_url.find('?') + 1)));
    } else {
      result = SignV4Headers(request, credentials, options);
      ASSERT_FALSE(result.added_headers.empty());
      EXPECT_EQ(WithoutSpaceAfterCommas(result.added_headers.back().value),
                example["authorization"].get<std::string>());
      // Every header S3 needs was given, so the signer adds only Authorization.
      EXPECT_EQ(result.added_headers.size(), 1u);
    }
    EXPECT_EQ(result.canonical_request, example["canonical_request"].get<std::string>());
    EXPECT_EQ(result.string_to_sign, example["string_to_sign"].get<std::string>());
    EXPECT_EQ(result.signature, example["signature"].get<std::string>());
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(SigV4S3Examples, StreamingChunkSignaturesChain) {
  nlohmann::json examples = Examples();
  AwsCredentials credentials = Credentials(examples);
  const nlohmann::json* streaming = nullptr;
  for (const nlohmann::json& example : examples["cases"])
    if (example["name"] == "put-object-streaming-chunked") streaming = &example;
  ASSERT_NE(streaming, nullptr);
  std::string amz_date = examples["x_amz_date"];
  SigningKey key(credentials.secret_access_key, amz_date.substr(0, 8),
                 examples["region"].get<std::string>(), "s3");
  std::string previous = (*streaming)["signature"];
  ASSERT_EQ((*streaming)["chunks"].size(), 3u);
  for (const nlohmann::json& chunk : (*streaming)["chunks"]) {
    std::string data(chunk["chunk_size"].get<size_t>(), 'a');
    std::string signature =
        SignV4Chunk(key, amz_date, examples["credential_scope"].get<std::string>(), previous, data);
    EXPECT_EQ(signature, chunk["signature"].get<std::string>());
    previous = signature;
  }
}

TEST(SigV4S3Rules, KeysAreEncodedExactlyOnce) {
  EXPECT_EQ(CanonicalUri("/test$file.text", false, false), "/test%24file.text");
  EXPECT_EQ(CanonicalUri("/test%24file.text", false, false), "/test%24file.text");
  EXPECT_EQ(CanonicalUri("/a b/../c//d", false, false), "/a%20b/../c//d");
  // Other services encode the wire path again and normalize it.
  EXPECT_EQ(CanonicalUri("/test%24file.text", true, true), "/test%2524file.text");
  EXPECT_EQ(CanonicalUri("/a/./b//c/../d/", true, true), "/a/b/d/");
}

TEST(SigV4S3Rules, QueryIsSortedAndStrictlyEncoded) {
  EXPECT_EQ(CanonicalQuery("prefix=a/b c&list-type=2&delimiter=%2F&uploads"),
            "delimiter=%2F&list-type=2&prefix=a%2Fb%20c&uploads=");
}

TEST(SigV4S3Rules, SessionTokenIsSignedAndChangesTheSignature) {
  SigV4Request request{"GET", "/bucket/key", "", {{"Host", "s3.amazonaws.com"}}, {}};
  SigV4Options options = SigV4Options::ForS3("us-east-1", "20240101T000000Z");
  AwsCredentials plain{"AKID", Secret("secret"), Secret()};
  AwsCredentials with_token{"AKID", Secret("secret"), Secret("token-value")};
  SigV4Result a = SignV4Headers(request, plain, options);
  SigV4Result b = SignV4Headers(request, with_token, options);
  EXPECT_NE(a.signature, b.signature);
  EXPECT_NE(b.canonical_request.find("x-amz-security-token:token-value\n"), std::string::npos);
  EXPECT_EQ(FindHeader(b.added_headers, "X-Amz-Security-Token").value_or(""), "token-value");
  EXPECT_EQ(a.canonical_request.find("secret"), std::string::npos);
}

TEST(SigV4S3Rules, RejectsMalformedDates) {
  SigV4Request request{"GET", "/", "", {{"Host", "h"}}, {}};
  AwsCredentials credentials{"AKID", Secret("secret"), Secret()};
  EXPECT_THROW(SignV4Headers(request, credentials, SigV4Options::ForS3("us-east-1", "2024-01-01")),
               Error);
}

}  // namespace
}  // namespace ff::cloud
