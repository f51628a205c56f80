// S3Client against a real S3 server (moto, started by tests/integration/run_s3_tests.sh with
// IAM authentication on, so a wrongly signed request fails). Skipped unless
// FLOWFILE_TEST_S3_ENDPOINT, FLOWFILE_TEST_S3_KEY_ID and FLOWFILE_TEST_S3_SECRET are set.
// FLOWFILE_TEST_S3_PYTHON names an interpreter with boto3, the independent client.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>

#include "cloud/digests.hpp"
#include "cloud/s3_client.hpp"

namespace ff::cloud {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string RandomSuffix() {
  std::random_device device;
  return std::to_string(device() % 1'000'000'000u);
}

std::string Pattern(size_t size, unsigned seed) {
  std::string data(size, '\0');
  std::mt19937 random(seed);
  for (char& c : data) c = static_cast<char>(random() & 0xff);
  return data;
}

BodyReader ReaderOver(const std::string& data) {
  return [&data](uint64_t offset, char* buffer, size_t size) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(size, data.size() - offset));
    std::memcpy(buffer, data.data() + offset, n);
    return n;
  };
}

// Runs the boto3 helper; the credentials travel in the environment, not the command line.
std::string RunBoto3(const std::string& script, const std::string& arguments) {
  std::string command = "'" + Env("FLOWFILE_TEST_S3_PYTHON") + "' -c '" + script + "' " + arguments;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string output;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = pclose(pipe);
  if (status != 0) throw std::runtime_error("boto3 helper failed: " + output);
  return output;
}

constexpr const char* kBoto3Client =
    "import os, sys, hashlib, boto3\n"
    "e = os.environ\n"
    "s3 = boto3.client(\"s3\", endpoint_url=e[\"FLOWFILE_TEST_S3_ENDPOINT\"],"
    " region_name=e.get(\"FLOWFILE_TEST_S3_REGION\", \"us-east-1\"),"
    " aws_access_key_id=e[\"FLOWFILE_TEST_S3_KEY_ID\"],"
    " aws_secret_access_key=e[\"FLOWFILE_TEST_S3_SECRET\"])\n";

class S3Integration : public testing::Test {
 protected:
  void SetUp() override {
    if (Env("FLOWFILE_TEST_S3_ENDPOINT").empty() || Env("FLOWFILE_TEST_S3_KEY_ID").empty() ||
        Env("FLOWFILE_TEST_S3_SECRET").empty())
      GTEST_SKIP() << "FLOWFILE_TEST_S3_ENDPOINT/_KEY_ID/_SECRET not set "
                      "(run tests/integration/run_s3_tests.sh)";
    bucket_ = "flowfile-test-" + RandomSuffix();
    client_ = std::make_unique<S3Client>(Config());
    client_->CreateBucket(bucket_);
  }

  static S3Config Config(std::string secret = Env("FLOWFILE_TEST_S3_SECRET")) {
    S3Config config;
    config.endpoint = Env("FLOWFILE_TEST_S3_ENDPOINT");
    config.region =
        Env("FLOWFILE_TEST_S3_REGION").empty() ? "us-east-1" : Env("FLOWFILE_TEST_S3_REGION");
    config.allow_http = true;
    config.path_style = true;
    config.credentials = {Env("FLOWFILE_TEST_S3_KEY_ID"), Secret(secret), Secret()};
    config.retry.max_attempts = 3;
    config.retry.base_delay = std::chrono::milliseconds(10);
    return config;
  }

  std::string bucket_;
  std::unique_ptr<S3Client> client_;
};

TEST_F(S3Integration, PutGetHeadListDeleteRoundTrip) {
  std::string data = "id,name\n1,alpha\n2,beta\n";
  std::string etag =
      client_->PutObject(bucket_, "dir/sub dir/data.csv", data, {.content_type = "text/csv"});
  EXPECT_EQ(etag, "\"" + HexEncode(Md5(data)) + "\"");
  client_->PutObject(bucket_, "dir/other.csv", "x");
  client_->PutObject(bucket_, "elsewhere.csv", "y");

  S3ObjectInfo info = client_->HeadObject(bucket_, "dir/sub dir/data.csv");
  EXPECT_EQ(info.size, data.size());
  EXPECT_EQ(info.etag, etag);
  EXPECT_EQ(client_->GetObject(bucket_, "dir/sub dir/data.csv"), data);
  EXPECT_EQ(client_->GetObjectRange(bucket_, "dir/sub dir/data.csv", 3, 4), "name");
  std::string streamed;
  client_->GetObjectTo(bucket_, "dir/other.csv",
                       [&](std::string_view piece) { streamed += piece; });
  EXPECT_EQ(streamed, "x");

  std::vector<S3ObjectInfo> listed = client_->ListObjects(bucket_, "dir/");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, "dir/other.csv");
  EXPECT_EQ(listed[1].key, "dir/sub dir/data.csv");
  EXPECT_EQ(listed[1].size, data.size());

  S3ListPage page = client_->ListObjectsPage(bucket_, {.delimiter = "/", .max_keys = 1});
  EXPECT_EQ(page.objects.size() + page.common_prefixes.size(), 1u);
  EXPECT_FALSE(page.next_continuation_token.empty());

  client_->DeleteObject(bucket_, "dir/sub dir/data.csv");
  try {
    client_->HeadObject(bucket_, "dir/sub dir/data.csv");
    FAIL() << "deleted object still there";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
  }
  EXPECT_EQ(client_->ListObjects(bucket_, "dir/").size(), 1u);
}

TEST_F(S3Integration, ListPagesThroughManyKeys) {
  for (int i = 0; i < 7; ++i) client_->PutObject(bucket_, "many/k" + std::to_string(i), "v");
  std::vector<std::string> keys;
  S3ListRequest request{.prefix = "many/", .max_keys = 3};
  int pages = 0;
  do {
    S3ListPage page = client_->ListObjectsPage(bucket_, request);
    for (const S3ObjectInfo& object : page.objects) keys.push_back(object.key);
    request.continuation_token = page.next_continuation_token;
    ++pages;
  } while (!request.continuation_token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(keys.size(), 7u);
}

TEST_F(S3Integration, MultipartUploadWithParallelPartsAndParallelRangedGet) {
  S3Config config = Config();
  config.part_size = 5 * kMiB;
  config.multipart_threshold = 5 * kMiB;
  config.parallelism = 3;
  S3Client client(std::move(config));
  std::string data = Pattern(12 * kMiB + 12345, 7);
  std::string etag = client.UploadObject(bucket_, "big/object.bin", ReaderOver(data), data.size());
  EXPECT_NE(etag.find("-3"), std::string::npos) << etag;  // three parts: 5 + 5 + 2 MiB
  EXPECT_EQ(client.HeadObject(bucket_, "big/object.bin").size, data.size());
  std::string back = client.GetObject(bucket_, "big/object.bin");
  ASSERT_EQ(back.size(), data.size());
  EXPECT_TRUE(back == data);
  // Positional pieces (as DownloadToFile writes them): every byte exactly once.
  std::string placed(data.size(), '\0');
  std::mutex placed_mutex;
  size_t pieces = 0, bytes = 0;
  const uint64_t size =
      client.GetObjectAt(bucket_, "big/object.bin", [&](uint64_t offset, std::string_view piece) {
        std::lock_guard lock(placed_mutex);
        placed.replace(offset, piece.size(), piece);
        ++pieces, bytes += piece.size();
      });
  EXPECT_EQ(size, data.size());
  EXPECT_EQ(bytes, data.size());
  EXPECT_GE(pieces, 3u);  // a first range, then one streamed range per thread
  EXPECT_TRUE(placed == data);
}

TEST_F(S3Integration, WrongSecretIsPermissionDeniedWithoutTheSecret) {
  const std::string wrong = "WrongSecretValue0123456789abcdefWRONG";
  S3Client bad(Config(wrong));
  try {
    bad.PutObject(bucket_, "k", "data");
    FAIL() << "a wrongly signed request was accepted: the server does not check signatures";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied) << error.what();
    EXPECT_EQ(std::string(error.what()).find(wrong), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find(Env("FLOWFILE_TEST_S3_SECRET")), std::string::npos);
  }
}

TEST_F(S3Integration, MissingBucketIsNotFound) {
  try {
    client_->GetObject("no-such-bucket-" + RandomSuffix(), "k");
    FAIL() << "expected kNotFound";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound) << error.what();
    EXPECT_NE(std::string(error.what()).find("no-such-bucket-"), std::string::npos);
  }
  try {
    client_->GetObject(bucket_, "no/such/key");
    FAIL() << "expected kNotFound";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound) << error.what();
    EXPECT_NE(std::string(error.what()).find("no/such/key"), std::string::npos);
  }
}

TEST_F(S3Integration, ConditionalPutTwiceIsConflict) {
  client_->PutObject(bucket_, "_delta_log/00000000000000000000.json", "{}",
                     {.if_none_match = true});
  try {
    client_->PutObject(bucket_, "_delta_log/00000000000000000000.json", "{\"x\":1}",
                       {.if_none_match = true});
    FAIL() << "second conditional put succeeded";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kConflict) << error.what();
  }
  EXPECT_EQ(client_->GetObject(bucket_, "_delta_log/00000000000000000000.json"), "{}");
}

TEST_F(S3Integration, ObjectsRoundTripWithBoto3) {
  std::string ours = Pattern(300'000, 11);
  client_->PutObject(bucket_, "interop/ours.bin", ours);
  std::string read_by_boto3 =
      RunBoto3(std::string(kBoto3Client) +
                   "body = s3.get_object(Bucket=sys.argv[1], Key=sys.argv[2])[\"Body\"].read()\n"
                   "print(hashlib.sha256(body).hexdigest(), len(body))\n",
               bucket_ + " interop/ours.bin");
  EXPECT_EQ(read_by_boto3, Sha256Hex(ours) + " " + std::to_string(ours.size()) + "\n");

  RunBoto3(std::string(kBoto3Client) +
               "s3.put_object(Bucket=sys.argv[1], Key=sys.argv[2],"
               " Body=bytes(range(256)) * 1000)\n",
           bucket_ + " interop/theirs.bin");
  std::string expected;
  for (int repeat = 0; repeat < 1000; ++repeat)
    for (int byte = 0; byte < 256; ++byte) expected += static_cast<char>(byte);
  EXPECT_TRUE(client_->GetObject(bucket_, "interop/theirs.bin") == expected);
}

// Keys with characters that S3 signs percent-encoded: the canonical URI must match the server's.
TEST_F(S3Integration, KeysNeedingEncodingRoundTrip) {
  const std::vector<std::string> keys = {"odd/c$d.txt", "odd/e+f=g.txt", "odd/\xc3\xbc ber.txt",
                                         "odd/p%q&r.txt"};
  for (const std::string& key : keys) client_->PutObject(bucket_, key, "v:" + key);
  for (const std::string& key : keys) EXPECT_EQ(client_->GetObject(bucket_, key), "v:" + key);
  std::vector<S3ObjectInfo> listed = client_->ListObjects(bucket_, "odd/");
  ASSERT_EQ(listed.size(), keys.size());
  std::vector<std::string> listed_keys;
  for (const S3ObjectInfo& object : listed) listed_keys.push_back(object.key);
  for (const std::string& key : keys)
    EXPECT_NE(std::find(listed_keys.begin(), listed_keys.end(), key), listed_keys.end()) << key;
}

// Faults injected in front of the real server: 500 and 503 SlowDown are retried, then the
// request goes through to moto.
class FaultInjectingTransport : public HttpTransport {
 public:
  explicit FaultInjectingTransport(std::vector<long> faults)
      : real_(MakeCurlTransport()), faults_(std::move(faults)) {}
  HttpResponse Send(const HttpRequest& request) override {
    size_t call = calls_++;
    if (call < faults_.size()) {
      HttpResponse response;
      response.status = faults_[call];
      response.body =
          faults_[call] == 503
              ? "<Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>"
              : "<Error><Code>InternalError</Code><Message>oops</Message></Error>";
      return response;
    }
    return real_->Send(request);
  }
  size_t calls() const { return calls_; }

 private:
  std::shared_ptr<HttpTransport> real_;
  std::vector<long> faults_;
  std::atomic<size_t> calls_{0};
};

TEST_F(S3Integration, ServerErrorsAndSlowDownAreRetried) {
  client_->PutObject(bucket_, "retry.txt", "after faults");
  auto faulty = std::make_shared<FaultInjectingTransport>(std::vector<long>{500, 503});
  S3Client client(Config(), faulty);
  EXPECT_EQ(client.GetObject(bucket_, "retry.txt"), "after faults");
  EXPECT_EQ(faulty->calls(), 3u);

  auto hopeless = std::make_shared<FaultInjectingTransport>(std::vector<long>{503, 503, 503});
  S3Client gives_up(Config(), hopeless);  // max_attempts = 3
  try {
    gives_up.GetObject(bucket_, "retry.txt");
    FAIL() << "expected the retries to run out";
  } catch (const HttpStatusError& error) {
    EXPECT_EQ(error.status(), 503);
    EXPECT_EQ(error.service_code(), "SlowDown");
  }
  EXPECT_EQ(hopeless->calls(), 3u);
}

}  // namespace
}  // namespace ff::cloud
