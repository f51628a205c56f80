// GcsClient, GcsTokenSource and the GCS ObjectStore against a scripted transport: the signed
// JWT assertion, token caching, JSON API request shapes, list paging, resumable uploads and
// error mapping. No network.
#include "cloud/gcs_client.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "cloud/gcs_object_store.hpp"
#include "cloud/gcs_token.hpp"
#include "cloud/url.hpp"
#include "crypto/base64.hpp"
#include "expect_error.hpp"
#include "fake_transport.hpp"

namespace ff::cloud {
namespace {

using testing_support::FakeTransport;
using testing_support::NoSleep;
using testing_support::Respond;

constexpr std::string_view kEmail = "loader@flowfile-test.iam.gserviceaccount.com";
constexpr std::string_view kTokenUri = "https://oauth2.example.test/token";
constexpr std::string_view kEndpoint = "http://127.0.0.1:4443";

// One RSA key for the whole file (generation is the slow part).
struct TestKey {
  std::string private_pem;
  EVP_PKEY* key = nullptr;
  TestKey() {
    key = EVP_RSA_gen(2048);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    private_pem.assign(data, static_cast<size_t>(size));
    BIO_free(bio);
  }
  ~TestKey() { EVP_PKEY_free(key); }
  // A line from the middle of the PEM body: what a leak would contain.
  std::string BodyLine() const {
    size_t first = private_pem.find('\n') + 1;
    size_t second = private_pem.find('\n', first) + 1;
    return private_pem.substr(second, private_pem.find('\n', second) - second);
  }
};

const TestKey& Key() {
  static const TestKey key;
  return key;
}

std::string KeyJson(std::string_view token_uri = kTokenUri) {
  nlohmann::json json = {{"type", "service_account"},    {"project_id", "flowfile-test"},
                         {"private_key_id", "kid-0123"}, {"private_key", Key().private_pem},
                         {"client_email", kEmail},       {"client_id", "1234"}};
  if (!token_uri.empty()) json["token_uri"] = token_uri;
  return json.dump();
}

GcsServiceAccount Account() { return ParseGcsServiceAccountKey(Secret(KeyJson()), "gcs-lake"); }

GcsConfig AnonymousConfig() {
  GcsConfig config;
  config.endpoint = std::string(kEndpoint);
  config.retry = NoSleep();
  return config;
}

using ff::test_support::CaughtFrom;

std::string Base64UrlDecodeNoPad(std::string text) {
  while (text.size() % 4 != 0) text += '=';
  return crypto::Base64UrlDecode(text).value_or("<invalid>");
}

std::map<std::string, std::string> FormFields(const std::string& body) {
  std::map<std::string, std::string> fields;
  for (const auto& [name, value] : SplitQuery(body)) fields[name] = PercentDecode(value);
  return fields;
}

std::string ObjectJson(const std::string& name, uint64_t size, const std::string& etag) {
  return nlohmann::json{{"kind", "storage#object"},
                        {"name", name},
                        {"bucket", "lake"},
                        {"size", std::to_string(size)},
                        {"etag", etag},
                        {"generation", "1700000000000001"},
                        {"updated", "2026-01-02T03:04:05.678Z"}}
      .dump();
}

std::string GcsErrorJson(long code, const std::string& reason, const std::string& message) {
  return nlohmann::json{
      {"error",
       {{"code", code},
        {"message", message},
        {"errors", {{{"message", message}, {"domain", "global"}, {"reason", reason}}}}}}}
      .dump();
}

bool IsTokenRequest(const HttpRequest& request) { return request.url == kTokenUri; }

// ---------------------------------------------------------------- key and JWT

TEST(GcsServiceAccountKey, ParsesTheFieldsAndDefaultsTheTokenUri) {
  GcsServiceAccount account = ParseGcsServiceAccountKey(Secret(KeyJson("")), "c");
  EXPECT_EQ(account.client_email, kEmail);
  EXPECT_EQ(account.private_key_id, "kid-0123");
  EXPECT_EQ(account.private_key.Reveal(), Key().private_pem);
  EXPECT_EQ(account.token_uri, "https://oauth2.googleapis.com/token");
  EXPECT_EQ(Account().token_uri, kTokenUri);
}

TEST(GcsServiceAccountKey, ErrorsNameTheFieldButNeverTheKey) {
  nlohmann::json json = nlohmann::json::parse(KeyJson());
  json.erase("client_email");
  Error missing = CaughtFrom([&] { ParseGcsServiceAccountKey(Secret(json.dump()), "gcs-lake"); });
  EXPECT_EQ(missing.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(missing.what()).find("client_email"), std::string::npos);
  EXPECT_NE(std::string(missing.what()).find("gcs-lake"), std::string::npos);
  EXPECT_EQ(std::string(missing.what()).find(Key().BodyLine()), std::string::npos);

  // Broken JSON holding the key: the message must not quote it.
  std::string broken = KeyJson();
  broken.pop_back();
  Error not_json = CaughtFrom([&] { ParseGcsServiceAccountKey(Secret(broken), "gcs-lake"); });
  EXPECT_EQ(not_json.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(std::string(not_json.what()).find(Key().BodyLine()), std::string::npos);
}

TEST(GcsServiceAccountKey, AKeyThatIsNotRsaPemIsACryptoErrorWithoutTheKeyText) {
  GcsServiceAccount account = Account();
  const std::string garbage =
      "-----BEGIN PRIVATE KEY-----\nTUlJQ2RnSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NBbUF3Z2dKY0FnRUFB\n"
      "-----END PRIVATE KEY-----\n";
  account.private_key = Secret(garbage);
  Error error = CaughtFrom([&] { MakeGcsJwtAssertion(account, 1'700'000'000); });
  EXPECT_EQ(error.code(), ErrorCode::kCrypto);
  EXPECT_NE(std::string(error.what()).find(kEmail), std::string::npos) << error.what();
  EXPECT_EQ(std::string(error.what()).find("TUlJQ2RnSUJB"), std::string::npos) << error.what();
}

TEST(GcsJwt, AssertionHasTheSpecifiedHeaderAndClaimsAndVerifies) {
  GcsServiceAccount account = Account();
  const long long iat = 1'700'000'000;
  Secret assertion = MakeGcsJwtAssertion(account, iat);
  std::string jwt(assertion.Reveal());
  ASSERT_EQ(std::count(jwt.begin(), jwt.end(), '.'), 2) << "three parts";
  EXPECT_EQ(jwt.find_first_of("=+/"), std::string::npos) << "base64url without padding";
  size_t dot1 = jwt.find('.');
  size_t dot2 = jwt.find('.', dot1 + 1);
  nlohmann::json header = nlohmann::json::parse(Base64UrlDecodeNoPad(jwt.substr(0, dot1)));
  nlohmann::json claims =
      nlohmann::json::parse(Base64UrlDecodeNoPad(jwt.substr(dot1 + 1, dot2 - dot1 - 1)));
  EXPECT_EQ(header["alg"], "RS256");
  EXPECT_EQ(header["typ"], "JWT");
  EXPECT_EQ(header["kid"], "kid-0123");
  EXPECT_EQ(claims["iss"], kEmail);
  EXPECT_EQ(claims["scope"], "https://www.googleapis.com/auth/devstorage.read_write");
  EXPECT_EQ(claims["aud"], kTokenUri);
  EXPECT_EQ(claims["iat"], iat);
  EXPECT_EQ(claims["exp"], iat + 3600);

  std::string signature = Base64UrlDecodeNoPad(jwt.substr(dot2 + 1));
  std::string signed_part = jwt.substr(0, dot2);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, Key().key), 1);
  EXPECT_EQ(EVP_DigestVerify(
                ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()),
            1);
  // A changed claim does not verify.
  signed_part[dot1 + 3] = signed_part[dot1 + 3] == 'A' ? 'B' : 'A';
  ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, Key().key), 1);
  EXPECT_NE(EVP_DigestVerify(
                ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()),
            1);
  EVP_MD_CTX_free(ctx);
}

// ---------------------------------------------------------------- token source + client

struct TokenFixture {
  std::shared_ptr<FakeTransport> transport;
  std::shared_ptr<GcsTokenSource> tokens;
  GcsConfig config;
};

TokenFixture WithTokens(long long expires_in, FakeTransport::Handler storage) {
  TokenFixture fixture;
  int issued = 0;
  fixture.transport = std::make_shared<FakeTransport>([expires_in, issued, storage](
                                                          const HttpRequest& request) mutable {
    if (IsTokenRequest(request))
      return Respond(200, nlohmann::json{{"access_token", "ya29.tok-" + std::to_string(++issued)},
                                         {"expires_in", expires_in},
                                         {"token_type", "Bearer"}}
                              .dump());
    return storage(request);
  });
  fixture.tokens = std::make_shared<GcsTokenSource>(Account(), fixture.transport, NoSleep());
  fixture.config = AnonymousConfig();
  fixture.config.principal = fixture.tokens->Describe();
  fixture.config.token_provider = [tokens = fixture.tokens] { return tokens->Token(); };
  return fixture;
}

TEST(GcsToken, PostsAVerifiableJwtOnceAndReusesTheToken) {
  TokenFixture f = WithTokens(
      3600, [](const HttpRequest&) { return Respond(200, ObjectJson("a.csv", 3, "CAE=")); });
  GcsClient client(f.config, f.transport);
  for (int i = 0; i < 3; ++i) client.GetObjectMetadata("lake", "a.csv");

  std::vector<HttpRequest> sent = f.transport->requests();
  ASSERT_EQ(sent.size(), 4u);
  ASSERT_TRUE(IsTokenRequest(sent[0]));
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(FindHeader(sent[0].headers, "Content-Type").value_or(""),
            "application/x-www-form-urlencoded");
  std::map<std::string, std::string> form = FormFields(sent[0].body);
  EXPECT_EQ(form["grant_type"], "urn:ietf:params:oauth:grant-type:jwt-bearer");
  const std::string jwt = form["assertion"];
  size_t dot2 = jwt.rfind('.');
  ASSERT_NE(dot2, std::string::npos);
  std::string signature = Base64UrlDecodeNoPad(jwt.substr(dot2 + 1));
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, Key().key), 1);
  EXPECT_EQ(
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(jwt.data()), dot2),
      1);
  EVP_MD_CTX_free(ctx);
  nlohmann::json claims = nlohmann::json::parse(
      Base64UrlDecodeNoPad(jwt.substr(jwt.find('.') + 1, dot2 - jwt.find('.') - 1)));
  long long now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  EXPECT_NEAR(static_cast<double>(claims["iat"].get<long long>()), static_cast<double>(now), 60);
  EXPECT_EQ(claims["exp"].get<long long>(), claims["iat"].get<long long>() + 3600);

  for (size_t i = 1; i < sent.size(); ++i) {
    EXPECT_FALSE(IsTokenRequest(sent[i]));
    EXPECT_EQ(FindHeader(sent[i].headers, "Authorization").value_or(""), "Bearer ya29.tok-1");
  }
}

TEST(GcsToken, ATokenWithinSixtySecondsOfExpiryIsFetchedAgain) {
  TokenFixture f = WithTokens(
      59, [](const HttpRequest&) { return Respond(200, ObjectJson("a.csv", 3, "CAE=")); });
  GcsClient client(f.config, f.transport);
  client.GetObjectMetadata("lake", "a.csv");
  client.GetObjectMetadata("lake", "a.csv");
  std::vector<HttpRequest> sent = f.transport->requests();
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_TRUE(IsTokenRequest(sent[0]));
  EXPECT_TRUE(IsTokenRequest(sent[2]));
  EXPECT_EQ(FindHeader(sent[3].headers, "Authorization").value_or(""), "Bearer ya29.tok-2");
}

TEST(GcsToken, RefusedAssertionIsPermissionDeniedNamingTheAccountNotTheKey) {
  std::string assertion_seen;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest& request) {
    assertion_seen = FormFields(request.body)["assertion"];
    // An endpoint that quotes what it got, to prove the message drops it.
    return Respond(400, nlohmann::json{{"error", "invalid_grant"},
                                       {"error_description", "Invalid JWT: " + assertion_seen}}
                            .dump());
  });
  GcsTokenSource tokens(Account(), transport, NoSleep());
  Error error = CaughtFrom([&] { tokens.Token(); });
  EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
  std::string message = error.what();
  EXPECT_NE(message.find(kEmail), std::string::npos) << message;
  EXPECT_NE(message.find("gcs-lake"), std::string::npos) << message;
  EXPECT_NE(message.find("invalid_grant"), std::string::npos) << message;
  ASSERT_FALSE(assertion_seen.empty());
  EXPECT_EQ(message.find(assertion_seen.substr(0, assertion_seen.find('.'))), std::string::npos)
      << message;
  EXPECT_EQ(message.find(assertion_seen.substr(assertion_seen.rfind('.') + 1)), std::string::npos);
  EXPECT_EQ(message.find(Key().BodyLine()), std::string::npos);
  EXPECT_EQ(message.find("PRIVATE KEY"), std::string::npos);
}

TEST(GcsToken, PlainRefusalKeepsTheEndpointsReason) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(400,
                   R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})");
  });
  GcsTokenSource tokens(Account(), transport, NoSleep());
  Error error = CaughtFrom([&] { tokens.Token(); });
  EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(std::string(error.what()).find("Invalid JWT Signature."), std::string::npos)
      << error.what();
}

// ---------------------------------------------------------------- JSON API shapes

TEST(GcsClient, AnonymousHeadEncodesTheObjectAndSendsNoAuthorization) {
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) { return Respond(200, ObjectJson("dir/a b+c.csv", 1234, "CJ+1")); });
  GcsClient client(AnonymousConfig(), transport);
  GcsObjectInfo info = client.GetObjectMetadata("lake", "dir/a b+c.csv");
  EXPECT_EQ(info.name, "dir/a b+c.csv");
  EXPECT_EQ(info.size, 1234u);
  EXPECT_EQ(info.etag, "CJ+1");
  EXPECT_EQ(info.updated, "2026-01-02T03:04:05.678Z");
  HttpRequest sent = transport->requests().at(0);
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "http://127.0.0.1:4443/storage/v1/b/lake/o/dir%2Fa%20b%2Bc.csv");
  EXPECT_FALSE(HasHeader(sent.headers, "Authorization"));
}

TEST(GcsClient, DeleteSendsObjectsDeleteAndTheStoreTakesAMissingObjectAsDeleted) {
  int status = 204;
  auto transport = std::make_shared<FakeTransport>(
      [&status](const HttpRequest&) { return Respond(status, ""); });
  GcsClient client(AnonymousConfig(), transport);
  client.DeleteObject("lake", "dir/a b.csv");
  const HttpRequest sent = transport->requests().at(0);
  EXPECT_EQ(sent.method, "DELETE");
  EXPECT_EQ(sent.url, "http://127.0.0.1:4443/storage/v1/b/lake/o/dir%2Fa%20b.csv");
  status = 404;
  EXPECT_EQ(CaughtFrom([&] { client.DeleteObject("lake", "gone"); }).code(), ErrorCode::kNotFound);
  auto store = MakeGcsObjectStore(AnonymousConfig(), transport);
  store->Delete("lake", "gone");  // a retried delete succeeds
  status = 403;
  EXPECT_EQ(CaughtFrom([&] { store->Delete("lake", "locked"); }).code(),
            ErrorCode::kPermissionDenied);
}

TEST(GcsClient, DefaultEndpointIsStorageGoogleapis) {
  GcsConfig config;
  EXPECT_EQ(GcsBaseUrl(config), "https://storage.googleapis.com");
  config.endpoint = "http://localhost:4443/storage/v1/";
  EXPECT_EQ(GcsBaseUrl(config), "http://localhost:4443");
  config.endpoint = "ftp://x";
  EXPECT_EQ(CaughtFrom([&] { GcsBaseUrl(config); }).code(), ErrorCode::kInvalidArgument);
}

TEST(GcsClient, DownloadStreamsAltMedia) {
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) { return Respond(200, "a,b\n1,2\n"); });
  GcsClient client(AnonymousConfig(), transport);
  EXPECT_EQ(client.Download("lake", "in/x.csv"), "a,b\n1,2\n");
  EXPECT_EQ(transport->requests().at(0).url,
            "http://127.0.0.1:4443/storage/v1/b/lake/o/in%2Fx.csv?alt=media");
}

TEST(GcsClient, ListFollowsNextPageTokenAcrossTwoPages) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (request.url.find("pageToken=") == std::string::npos)
      return Respond(200, nlohmann::json{{"kind", "storage#objects"},
                                         {"items",
                                          {nlohmann::json::parse(ObjectJson("p/a.csv", 3, "E1")),
                                           nlohmann::json::parse(ObjectJson("p/b.csv", 4, "E2"))}},
                                         {"nextPageToken", "tok/2=="}}
                              .dump());
    return Respond(
        200, nlohmann::json{{"kind", "storage#objects"},
                            {"items", {nlohmann::json::parse(ObjectJson("p/c.csv", 5, "E3"))}}}
                 .dump());
  });
  GcsClient client(AnonymousConfig(), transport);
  std::vector<GcsObjectInfo> objects = client.List("lake", "p/");
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(objects[0].name, "p/a.csv");
  EXPECT_EQ(objects[1].name, "p/b.csv");
  EXPECT_EQ(objects[2].name, "p/c.csv");
  EXPECT_EQ(objects[2].size, 5u);
  std::vector<HttpRequest> sent = transport->requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "http://127.0.0.1:4443/storage/v1/b/lake/o?prefix=p%2F");
  EXPECT_EQ(sent[1].url,
            "http://127.0.0.1:4443/storage/v1/b/lake/o?pageToken=tok%2F2%3D%3D&prefix=p%2F");
}

TEST(GcsClient, EmptyBucketListsNothing) {
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) { return Respond(200, R"({"kind":"storage#objects"})"); });
  GcsClient client(AnonymousConfig(), transport);
  EXPECT_TRUE(client.List("lake", "").empty());
  EXPECT_EQ(transport->requests().at(0).url, "http://127.0.0.1:4443/storage/v1/b/lake/o");
}

TEST(GcsClient, SmallUploadIsOneMediaRequest) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    return Respond(200, ObjectJson("out/r.csv", request.body.size(), "E"));
  });
  GcsClient client(AnonymousConfig(), transport);
  const std::string data = "x,y\n";
  GcsObjectInfo info = client.Upload(
      "lake", "out/r.csv",
      [&](uint64_t offset, char* buffer, size_t size) {
        size_t n = std::min(size, data.size() - static_cast<size_t>(offset));
        std::copy_n(data.data() + offset, n, buffer);
        return n;
      },
      data.size());
  EXPECT_EQ(info.size, 4u);
  HttpRequest sent = transport->requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url,
            "http://127.0.0.1:4443/upload/storage/v1/b/lake/o?uploadType=media&name=out%2Fr.csv");
  EXPECT_EQ(sent.body, data);
}

// A scripted resumable session: stores chunks, answers 308 with the persisted range.
struct ResumableServer {
  std::mutex mutex;
  std::string stored;
  uint64_t total = 0;
  int fail_next_chunks = 0;   // answer 503 to this many chunk PUTs
  uint64_t keep_on_fail = 0;  // bytes of a failed chunk the server still persisted
  const std::string session =
      "http://127.0.0.1:4443/upload/storage/v1/b/lake/"
      "o?uploadType=resumable&name=big.bin&upload_id=SESSION-SECRET-42";

  HttpResponse operator()(const HttpRequest& request) {
    std::lock_guard lock(mutex);
    if (request.method == "POST") return Respond(200, "", {{"Location", session}});
    std::string range = FindHeader(request.headers, "Content-Range").value_or("");
    auto persisted = [&]() {
      HttpHeaders headers;
      if (!stored.empty())
        headers.push_back({"Range", "bytes=0-" + std::to_string(stored.size() - 1)});
      return Respond(308, "", headers);
    };
    if (range.rfind("bytes */", 0) == 0) {
      if (stored.size() == total) return Respond(200, ObjectJson("big.bin", total, "DONE"));
      return persisted();
    }
    // "bytes a-b/total"
    uint64_t first = std::stoull(range.substr(6));
    EXPECT_EQ(first, stored.size()) << range;
    if (fail_next_chunks > 0) {
      --fail_next_chunks;
      stored += request.body.substr(0, keep_on_fail);
      return Respond(503, GcsErrorJson(503, "backendError", "try again"));
    }
    stored += request.body;
    if (stored.size() == total) return Respond(200, ObjectJson("big.bin", total, "DONE"));
    return persisted();
  }
};

std::string Pattern(size_t size) {
  std::string data(size, '\0');
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>('a' + (i * 7) % 26);
  return data;
}

BodyReader ReaderFor(const std::string& data) {
  return [&data](uint64_t offset, char* buffer, size_t size) {
    size_t n = std::min(size, data.size() - static_cast<size_t>(offset));
    std::copy_n(data.data() + offset, n, buffer);
    return n;
  };
}

TEST(GcsClient, ResumableUploadSendsQuantumChunksWithContentRange) {
  auto server = std::make_shared<ResumableServer>();
  const std::string data = Pattern(600 * 1024);
  server->total = data.size();
  auto transport =
      std::make_shared<FakeTransport>([server](const HttpRequest& r) { return (*server)(r); });
  GcsConfig config = AnonymousConfig();
  config.chunk_size = 300 * 1024;  // rounded down to 256 KiB
  config.single_request_threshold = 1;
  GcsClient client(config, transport);
  GcsObjectInfo info = client.Upload("lake", "big.bin", ReaderFor(data), data.size());
  EXPECT_EQ(info.etag, "DONE");
  EXPECT_EQ(server->stored, data);

  std::vector<HttpRequest> sent = transport->requests();
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].url,
            "http://127.0.0.1:4443/upload/storage/v1/b/lake/o?uploadType=resumable&name=big.bin");
  EXPECT_EQ(FindHeader(sent[0].headers, "X-Upload-Content-Length").value_or(""), "614400");
  const char* ranges[] = {"bytes 0-262143/614400", "bytes 262144-524287/614400",
                          "bytes 524288-614399/614400"};
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(sent[i].method, "PUT");
    EXPECT_EQ(sent[i].url, server->session);
    EXPECT_EQ(FindHeader(sent[i].headers, "Content-Range").value_or(""), ranges[i - 1]);
    EXPECT_EQ(FindHeader(sent[i].headers, "Content-Length").value_or(""),
              std::to_string(sent[i].body.size()));
    if (i < 3) {
      EXPECT_EQ(sent[i].body.size() % kGcsChunkQuantum, 0u);
    }
  }
}

TEST(GcsClient, ResumableUploadResumesFromWhatTheSessionKeptAfterA503) {
  auto server = std::make_shared<ResumableServer>();
  const std::string data = Pattern(512 * 1024 + 10);
  server->total = data.size();
  server->fail_next_chunks = 1;
  server->keep_on_fail = 100'000;  // part of the first chunk survived
  auto transport =
      std::make_shared<FakeTransport>([server](const HttpRequest& r) { return (*server)(r); });
  GcsConfig config = AnonymousConfig();
  config.chunk_size = kGcsChunkQuantum;
  GcsClient client(config, transport);
  client.UploadResumable("lake", "big.bin", ReaderFor(data), data.size());
  EXPECT_EQ(server->stored, data);
  std::vector<HttpRequest> sent = transport->requests();
  // POST, failed chunk, status query, then chunks from byte 100000.
  ASSERT_GE(sent.size(), 4u);
  EXPECT_EQ(FindHeader(sent[2].headers, "Content-Range").value_or(""), "bytes */524298");
  EXPECT_EQ(FindHeader(sent[3].headers, "Content-Range").value_or(""),
            "bytes 100000-362143/524298");
}

TEST(GcsClient, ResumableFailureMessagesHideTheSessionUri) {
  auto server = std::make_shared<ResumableServer>();
  auto transport = std::make_shared<FakeTransport>([server](const HttpRequest& r) -> HttpResponse {
    if (r.method == "POST") return (*server)(r);
    throw TransportError("HTTP PUT " + ScrubUrl(r.url) + " failed: SSL certificate problem", false);
  });
  GcsClient client(AnonymousConfig(), transport);
  const std::string data = Pattern(1000);
  Error error =
      CaughtFrom([&] { client.UploadResumable("lake", "big.bin", ReaderFor(data), data.size()); });
  EXPECT_EQ(error.code(), ErrorCode::kIo);
  EXPECT_EQ(std::string(error.what()).find("SESSION-SECRET-42"), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("gs://lake/big.bin"), std::string::npos) << error.what();
}

// ---------------------------------------------------------------- errors

TEST(GcsClient, MissingObjectIsNotFoundNamingBucketAndObject) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(404, GcsErrorJson(404, "notFound", "No such object: lake/gone.parquet"));
  });
  GcsClient client(AnonymousConfig(), transport);
  Error error = CaughtFrom([&] { client.GetObjectMetadata("lake", "gone.parquet"); });
  EXPECT_EQ(error.code(), ErrorCode::kNotFound);
  std::string message = error.what();
  EXPECT_NE(message.find("gs://lake/gone.parquet"), std::string::npos) << message;
  EXPECT_NE(message.find("bucket 'lake'"), std::string::npos) << message;
  EXPECT_NE(message.find("notFound"), std::string::npos) << message;
}

TEST(GcsClient, MissingBucketOnListIsNotFoundNamingTheBucket) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(404, GcsErrorJson(404, "notFound", "The specified bucket does not exist."));
  });
  GcsClient client(AnonymousConfig(), transport);
  Error error = CaughtFrom([&] { client.List("nolake", "p/"); });
  EXPECT_EQ(error.code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(error.what()).find("bucket 'nolake'"), std::string::npos) << error.what();
}

TEST(GcsClient, UnauthorizedAndForbiddenArePermissionDenied) {
  for (long status : {401L, 403L}) {
    auto transport = std::make_shared<FakeTransport>([status](const HttpRequest&) {
      return Respond(status, GcsErrorJson(status, "forbidden", "no storage.objects.get access"));
    });
    GcsClient client(AnonymousConfig(), transport);
    Error error = CaughtFrom([&] { client.Download("lake", "k.csv"); });
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied) << status;
    EXPECT_NE(std::string(error.what()).find("gs://lake/k.csv"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("anonymous"), std::string::npos) << error.what();
  }
}

TEST(GcsClient, OtherStatusesAreHttpStatusErrors) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(400, GcsErrorJson(400, "invalid", "Invalid argument."));
  });
  GcsClient client(AnonymousConfig(), transport);
  try {
    client.GetObjectMetadata("lake", "k");
    FAIL() << "expected HttpStatusError";
  } catch (const HttpStatusError& error) {
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.service_code(), "invalid");
  }
}

TEST(GcsClient, ServerErrorsAreRetriedThenIo) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(503, GcsErrorJson(503, "backendError", "Backend Error"));
  });
  GcsConfig config = AnonymousConfig();
  config.retry.max_attempts = 3;
  GcsClient client(config, transport);
  Error error = CaughtFrom([&] { client.GetObjectMetadata("lake", "k"); });
  EXPECT_EQ(error.code(), ErrorCode::kIo);
  EXPECT_EQ(transport->requests().size(), 3u);
}

TEST(GcsClient, NoErrorMessageHoldsThePrivateKeyOrToken) {
  const std::string body_line = Key().BodyLine();
  std::vector<std::string> messages;
  for (long status : {400L, 401L, 403L, 404L, 500L}) {
    TokenFixture f = WithTokens(3600, [status](const HttpRequest&) {
      return Respond(status, GcsErrorJson(status, "x", "failed"));
    });
    f.config.retry.max_attempts = 1;
    GcsClient client(f.config, f.transport);
    messages.push_back(CaughtFrom([&] { client.GetObjectMetadata("lake", "k"); }).what());
    messages.push_back(CaughtFrom([&] { client.List("lake", ""); }).what());
  }
  for (const std::string& message : messages) {
    EXPECT_EQ(message.find(body_line), std::string::npos) << message;
    EXPECT_EQ(message.find("ya29.tok"), std::string::npos) << message;
    EXPECT_EQ(message.find("PRIVATE KEY"), std::string::npos) << message;
  }
  // Permission hints name the service account.
  EXPECT_NE(messages[2].find(kEmail), std::string::npos) << messages[2];
}

// ---------------------------------------------------------------- the ObjectStore

CloudStorageConnectionInfo GcsInfo(std::string method) {
  CloudStorageConnectionInfo info;
  info.connection_name = "gcs-lake";
  info.storage_type = "gcs";
  info.auth_method = std::move(method);
  info.endpoint_url = std::string(kEndpoint);
  return info;
}

TEST(GcsObjectStore, AnonymousStoreConvertsObjects) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (request.url.find("/o?") != std::string::npos || request.url.ends_with("/o"))
      return Respond(200, nlohmann::json{{"items",
                                          {nlohmann::json::parse(ObjectJson("b", 2, "E2")),
                                           nlohmann::json::parse(ObjectJson("a", 1, "E1"))}}}
                              .dump());
    return Respond(200, ObjectJson("a", 1, "E1"));
  });
  std::unique_ptr<ObjectStore> store = MakeGcsObjectStore(AnonymousConfig(), transport);
  EXPECT_EQ(store->Identity(), "gcs http://127.0.0.1:4443");
  ObjectInfo head = store->Head("lake", "a");
  EXPECT_EQ(head.key, "a");
  EXPECT_EQ(head.etag, "E1");
  EXPECT_EQ(head.last_modified, "2026-01-02T03:04:05.678Z");
  std::vector<ObjectInfo> listed = store->List("lake", "");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, "a");  // key order
  EXPECT_EQ(listed[1].key, "b");
}

TEST(GcsObjectStore, OpenRejectsUnknownMethodsAndEmptyKeys) {
  Error unknown = CaughtFrom([] { OpenGcsObjectStore(GcsInfo("iam_role"), {}); });
  EXPECT_EQ(unknown.code(), ErrorCode::kUnsupported);
  EXPECT_NE(std::string(unknown.what()).find("service_account"), std::string::npos);
  Error empty = CaughtFrom([] { OpenGcsObjectStore(GcsInfo("service_account"), {}); });
  EXPECT_EQ(empty.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(empty.what()).find("gcs_service_account_key"), std::string::npos);
}

TEST(GcsObjectStore, TokensGoOverPlainHttpOnlyToLoopbackOrWhenAllowed) {
  CloudStorageConnectionInfo info = GcsInfo("service_account");
  info.endpoint_url = "http://gcs.internal.example:4443";
  auto secrets = [] {
    CloudSecrets s;
    s.emplace("gcs_service_account_key", Secret(KeyJson()));
    return s;
  };
  Error error = CaughtFrom([&] { OpenGcsObjectStore(info, secrets()); });
  EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(std::string(error.what()).find(Key().BodyLine()), std::string::npos);
  info.aws_allow_unsafe_html = true;
  EXPECT_EQ(OpenGcsObjectStore(info, secrets())->Identity(),
            "gcs http://gcs.internal.example:4443");
}

TEST(GcsObjectStore, OpenBuildsServiceAccountAnonymousAndHmacStores) {
  CloudSecrets secrets;
  secrets.emplace("gcs_service_account_key", Secret(KeyJson()));
  EXPECT_EQ(OpenGcsObjectStore(GcsInfo("service_account"), std::move(secrets))->Identity(),
            "gcs http://127.0.0.1:4443");
  EXPECT_EQ(OpenGcsObjectStore(GcsInfo("anonymous"), {})->Identity(), "gcs http://127.0.0.1:4443");
  CloudStorageConnectionInfo hmac = GcsInfo("access_key");
  hmac.endpoint_url.clear();
  hmac.aws_access_key_id = "GOOGTS7C7FUP3AIRVJTE2BCD";
  CloudSecrets hmac_secrets;
  hmac_secrets.emplace("aws_secret_access_key", Secret("bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ"));
  EXPECT_EQ(OpenGcsObjectStore(hmac, std::move(hmac_secrets))->Identity(),
            "s3 https://storage.googleapis.com");
}

}  // namespace
}  // namespace ff::cloud
