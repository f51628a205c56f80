// Every case of AWS's SigV4 test suite (aws-c-auth v4/, see testdata/sigv4/README.md), signed
// both with the Authorization header and as a presigned URL; canonical request, string to
// sign, signature and the signed header/query are compared byte for byte.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cloud/digests.hpp"
#include "cloud/sigv4.hpp"

namespace ff::cloud {
namespace {

namespace fs = std::filesystem;

fs::path SuiteDir() { return fs::path(FLOWFILE_SHARED_DIR) / "testdata" / "sigv4" / "v4"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  if (!fs::is_directory(SuiteDir())) return names;
  for (const auto& entry : fs::directory_iterator(SuiteDir()))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// request.txt: "METHOD PATH HTTP/1.1", "Name:value" lines (indented lines continue the previous
// value), a blank line, then the body. PATH may hold raw spaces and UTF-8.
struct SuiteRequest {
  SigV4Request request;
  std::string body;
};

SuiteRequest ParseRequest(const std::string& text) {
  SuiteRequest out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  size_t first_space = line.find(' ');
  size_t last_space = line.rfind(' ');
  out.request.method = line.substr(0, first_space);
  std::string target = line.substr(first_space + 1, last_space - first_space - 1);
  size_t question = target.find('?');
  out.request.path = target.substr(0, question);
  if (question != std::string::npos) out.request.query = target.substr(question + 1);
  while (std::getline(in, line) && !line.empty()) {
    if ((line[0] == ' ' || line[0] == '\t') && !out.request.headers.empty()) {
      out.request.headers.back().value += " " + line;
      continue;
    }
    size_t colon = line.find(':');
    out.request.headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
  }
  std::ostringstream rest;
  rest << in.rdbuf();
  out.body = rest.str();
  return out;
}

struct SuiteContext {
  AwsCredentials credentials;
  SigV4Options options;
};

SuiteContext ParseContext(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text);
  SuiteContext context;
  context.credentials.access_key_id = json["credentials"]["access_key_id"];
  context.credentials.secret_access_key =
      Secret(json["credentials"]["secret_access_key"].get<std::string>());
  if (json["credentials"].contains("token"))
    context.credentials.session_token = Secret(json["credentials"]["token"].get<std::string>());
  context.options.region = json["region"];
  context.options.service = json["service"];
  std::string timestamp = json["timestamp"];  // 2015-08-30T12:36:00Z
  std::erase_if(timestamp, [](char c) { return c == '-' || c == ':'; });
  context.options.amz_date = timestamp;
  context.options.normalize_path = json["normalize"];
  context.options.double_encode_path = true;  // what the upstream harness always does
  context.options.add_content_sha256_header = json["sign_body"];
  context.options.sign_session_token = !json.value("omit_session_token", false);
  context.options.expires_seconds = json["expiration_in_seconds"];
  return context;
}

std::string RequestLineTarget(const std::string& signed_request) {
  std::string line = signed_request.substr(0, signed_request.find('\n'));
  size_t first_space = line.find(' ');
  return line.substr(first_space + 1, line.rfind(' ') - first_space - 1);
}

std::string HeaderLine(const std::string& signed_request, const std::string& name) {
  std::istringstream in(signed_request);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + ":", 0) == 0) return line.substr(name.size() + 1);
  return "<absent>";
}

class SigV4Suite : public testing::TestWithParam<std::string> {
 protected:
  std::string Expected(const std::string& file) { return ReadFile(SuiteDir() / GetParam() / file); }
};

TEST_P(SigV4Suite, HeaderSigning) {
  SuiteRequest parsed = ParseRequest(Expected("request.txt"));
  SuiteContext context = ParseContext(Expected("context.json"));
  bool sign_body = context.options.add_content_sha256_header;
  context.options.payload_hash = sign_body ? Sha256Hex(parsed.body) : std::string(kEmptySha256Hex);
  SigV4Result result = SignV4Headers(parsed.request, context.credentials, context.options);
  EXPECT_EQ(result.canonical_request, Expected("header-canonical-request.txt"));
  EXPECT_EQ(result.string_to_sign, Expected("header-string-to-sign.txt"));
  EXPECT_EQ(result.signature, Expected("header-signature.txt"));
  std::string signed_request = Expected("header-signed-request.txt");
  ASSERT_FALSE(result.added_headers.empty());
  EXPECT_EQ(result.added_headers.back().name, "Authorization");
  EXPECT_EQ(result.added_headers.back().value, HeaderLine(signed_request, "Authorization"));
  std::optional<std::string> token = FindHeader(result.added_headers, "X-Amz-Security-Token");
  EXPECT_EQ(token.value_or("<absent>"), HeaderLine(signed_request, "X-Amz-Security-Token"));
}

TEST_P(SigV4Suite, QuerySigning) {
  SuiteRequest parsed = ParseRequest(Expected("request.txt"));
  SuiteContext context = ParseContext(Expected("context.json"));
  bool sign_body = context.options.add_content_sha256_header;
  context.options.payload_hash = sign_body ? Sha256Hex(parsed.body) : std::string(kEmptySha256Hex);
  SigV4Result result = SignV4Query(parsed.request, context.credentials, context.options);
  EXPECT_EQ(result.canonical_request, Expected("query-canonical-request.txt"));
  EXPECT_EQ(result.string_to_sign, Expected("query-string-to-sign.txt"));
  EXPECT_EQ(result.signature, Expected("query-signature.txt"));
  EXPECT_EQ(parsed.request.path + "?" + result.signed_query,
            RequestLineTarget(Expected("query-signed-request.txt")));
}

INSTANTIATE_TEST_SUITE_P(AwsV4, SigV4Suite, testing::ValuesIn(CaseNames()),
                         [](const testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SigV4SuiteData, HoldsAllThirtyEightCases) { EXPECT_EQ(CaseNames().size(), 38u); }

}  // namespace
}  // namespace ff::cloud
