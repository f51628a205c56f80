// AzureBlobClient against a scripted transport: service URL forms, Shared Key and SAS requests,
// block uploads, listing pages and error mapping. Round trips with Azurite are in
// tests/python/test_cloud_frames_azure.py.
#include "cloud/azure_blob_client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "cloud/azure_shared_key.hpp"
#include "cloud/digests.hpp"
#include "cloud/url.hpp"
#include "crypto/base64.hpp"
#include "expect_error.hpp"
#include "fake_transport.hpp"

namespace ff::cloud {
namespace {

using testing_support::FakeTransport;
using testing_support::Respond;

// Base64 of "flowfile-test-account-key", shaped like a portal key.
const std::string kAccountKey = crypto::Base64Encode("flowfile-test-account-key");
constexpr std::string_view kSasSignature = "Zm9vYmFyU2lnbmF0dXJlVmFsdWU%3D";

AzureBlobConfig SharedKeyConfig() {
  AzureBlobConfig config;
  config.account = "acct";
  config.endpoint = "http://127.0.0.1:10000";
  config.credentials.kind = AzureCredentials::Kind::kSharedKey;
  config.credentials.account_key = Secret(kAccountKey);
  config.retry.sleep = [](std::chrono::milliseconds) {};
  return config;
}

AzureBlobConfig SasConfig() {
  AzureBlobConfig config = SharedKeyConfig();
  config.credentials = {};
  config.credentials.kind = AzureCredentials::Kind::kSasToken;
  config.credentials.sas_token =
      Secret("?sv=2021-12-02&ss=b&srt=sco&sp=rwdlac&sig=" + std::string(kSasSignature));
  return config;
}

std::string AzureErrorXml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" +
         message + "\nRequestId:r1\nTime:t</Message></Error>";
}

using ff::test_support::CaughtFrom;

AzureBlobConfig WithEndpoint(std::string account, std::string endpoint) {
  AzureBlobConfig config;
  config.account = std::move(account);
  config.endpoint = std::move(endpoint);
  return config;
}

TEST(AzureServiceUrl, DefaultIsTheAccountsHttpsBlobHost) {
  EXPECT_EQ(AzureServiceUrl(WithEndpoint("lake", "")), "https://lake.blob.core.windows.net");
}

TEST(AzureServiceUrl, LoopbackEmulatorGetsTheAccountInThePath) {
  EXPECT_EQ(AzureServiceUrl(WithEndpoint("devstoreaccount1", "http://127.0.0.1:10000")),
            "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_EQ(AzureServiceUrl(WithEndpoint("devstoreaccount1", "http://localhost:10000/")),
            "http://localhost:10000/devstoreaccount1");
  // An endpoint that already names the account path is kept as written.
  EXPECT_EQ(AzureServiceUrl(WithEndpoint("acct", "http://127.0.0.1:10000/acct/")),
            "http://127.0.0.1:10000/acct");
}

TEST(AzureServiceUrl, DfsHostIsMappedToItsBlobTwin) {
  EXPECT_EQ(AzureServiceUrl(WithEndpoint("lake", "https://lake.dfs.core.windows.net")),
            "https://lake.blob.core.windows.net");
}

TEST(AzureServiceUrl, CustomNonLoopbackEndpointIsUsedAsGiven) {
  EXPECT_EQ(AzureServiceUrl(WithEndpoint("lake", "https://blob.private.example:8443")),
            "https://blob.private.example:8443");
}

TEST(AzureServiceUrl, RejectsMissingAccountAndQueryEndpoints) {
  EXPECT_EQ(CaughtFrom([] { AzureServiceUrl(WithEndpoint("", "")); }).code(),
            ErrorCode::kInvalidArgument);
  Error error =
      CaughtFrom([] { AzureServiceUrl(WithEndpoint("a", "https://h.example/?sv=1&sig=SECRET")); });
  EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(std::string(error.what()).find("SECRET"), std::string::npos) << error.what();
}

TEST(AppendSasToken, JoinsWithTheOperationQuery) {
  EXPECT_EQ(AppendSasToken("comp=list", "?sv=1&sig=x"), "comp=list&sv=1&sig=x");
  EXPECT_EQ(AppendSasToken("", "sv=1&sig=x"), "sv=1&sig=x");
  EXPECT_EQ(AppendSasToken("comp=list", ""), "comp=list");
}

TEST(AzureBlockId, IdsHaveOneLengthAndDecodeToTheirNumber) {
  EXPECT_EQ(AzureBlockId(0).size(), AzureBlockId(49'999).size());
  EXPECT_EQ(crypto::Base64Decode(AzureBlockId(7)).value_or(""), "block-00000007");
  EXPECT_NE(AzureBlockId(1), AzureBlockId(2));
}

TEST(AzureBlobClient, SharedKeyPutIsSignedOverTheUrlItSends) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(201, "", {{"ETag", "\"0x1\""}});
  });
  AzureBlobClient client(SharedKeyConfig(), transport);
  EXPECT_EQ(client.PutBlob("box", "dir/a b.parquet", "hello"), "\"0x1\"");
  HttpRequest sent = transport->requests().at(0);
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, "http://127.0.0.1:10000/acct/box/dir/a%20b.parquet");
  EXPECT_EQ(FindHeader(sent.headers, "x-ms-blob-type").value_or(""), "BlockBlob");
  EXPECT_EQ(FindHeader(sent.headers, "Content-Length").value_or(""), "5");
  EXPECT_EQ(FindHeader(sent.headers, "x-ms-version").value_or(""), kAzureApiVersion);
  ASSERT_TRUE(FindHeader(sent.headers, "x-ms-date").has_value());
  // Recompute over what was sent (minus Authorization): the signed resource is the wire path.
  HttpHeaders unsigned_headers;
  for (const HttpHeader& header : sent.headers)
    if (header.name != "Authorization") unsigned_headers.push_back(header);
  EXPECT_EQ(FindHeader(sent.headers, "Authorization").value_or(""),
            AzureAuthorization("acct", Secret(kAccountKey), "PUT", sent.url, unsigned_headers));
  EXPECT_EQ(AzureCanonicalizedResource("acct", sent.url), "/acct/acct/box/dir/a%20b.parquet");
}

TEST(AzureBlobClient, SasTokenGoesIntoTheQueryWithoutAuthorization) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(200, "<EnumerationResults><Blobs/><NextMarker/></EnumerationResults>");
  });
  AzureBlobClient client(SasConfig(), transport);
  EXPECT_TRUE(client.ListBlobs("box", "p/").empty());
  HttpRequest sent = transport->requests().at(0);
  EXPECT_EQ(sent.url,
            "http://127.0.0.1:10000/acct/box?comp=list&maxresults=5000&prefix=p%2F"
            "&restype=container&sv=2021-12-02&ss=b&srt=sco&sp=rwdlac&sig=" +
                std::string(kSasSignature));
  EXPECT_FALSE(HasHeader(sent.headers, "Authorization"));
}

TEST(AzureBlobClient, RefusedSasNeverAppearsInTheError) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(403, AzureErrorXml("AuthenticationFailed", "Server failed to authenticate"));
  });
  AzureBlobClient client(SasConfig(), transport);
  Error error = CaughtFrom([&] { client.GetBlob("box", "k.csv"); });
  EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
  std::string message = error.what();
  EXPECT_NE(message.find("AuthenticationFailed"), std::string::npos) << message;
  EXPECT_NE(message.find("az://box/k.csv"), std::string::npos) << message;
  EXPECT_EQ(message.find(kSasSignature), std::string::npos) << message;
  EXPECT_EQ(message.find("sig="), std::string::npos) << message;
}

TEST(AzureBlobClient, NetworkFailureMessageHidesTheSasSignature) {
  // The transport reports failures with ScrubUrl(url), as the curl transport does: the SAS
  // must sit in the query where the scrubber finds its signature.
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) -> HttpResponse {
    throw TransportError("HTTP GET " + ScrubUrl(request.url) + ": connection refused", false);
  });
  AzureBlobClient client(SasConfig(), transport);
  Error error = CaughtFrom([&] { client.GetBlob("box", "k.csv"); });
  EXPECT_EQ(error.code(), ErrorCode::kIo);
  std::string message = error.what();
  EXPECT_NE(message.find("/acct/box/k.csv"), std::string::npos) << message;
  EXPECT_EQ(message.find(kSasSignature), std::string::npos) << message;
}

TEST(AzureBlobClient, RefusedSharedKeyNamesTheKeyFieldNotTheKey) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(403, AzureErrorXml("AuthenticationFailed", "Server failed"));
  });
  AzureBlobClient client(SharedKeyConfig(), transport);
  Error error = CaughtFrom([&] { client.PutBlob("box", "k", "x"); });
  EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(std::string(error.what()).find("azure_account_key"), std::string::npos);
  EXPECT_EQ(std::string(error.what()).find(kAccountKey), std::string::npos);
}

TEST(AzureBlobClient, MissingContainerIsNotFoundNamingIt) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(404, AzureErrorXml("ContainerNotFound",
                                      "The specified container does not "
                                      "exist."));
  });
  AzureBlobClient client(SharedKeyConfig(), transport);
  Error error = CaughtFrom([&] { client.ListBlobs("nobox", ""); });
  EXPECT_EQ(error.code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(error.what()).find("container 'nobox'"), std::string::npos) << error.what();
}

TEST(AzureBlobClient, MissingBlobOnHeadReadsTheCodeFromTheHeader) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    EXPECT_EQ(request.method, "HEAD");
    return Respond(404, "", {{"x-ms-error-code", "BlobNotFound"}});
  });
  AzureBlobClient client(SharedKeyConfig(), transport);
  Error error = CaughtFrom([&] { client.GetBlobProperties("box", "gone.parquet"); });
  EXPECT_EQ(error.code(), ErrorCode::kNotFound);
  std::string message = error.what();
  EXPECT_NE(message.find("az://box/gone.parquet"), std::string::npos) << message;
  EXPECT_NE(message.find("BlobNotFound"), std::string::npos) << message;
}

TEST(AzureBlobClient, HeadReportsSizeAndEtag) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(200, "", {{"Content-Length", "1234"}, {"ETag", "\"0x8D\""}});
  });
  AzureBlobClient client(SharedKeyConfig(), transport);
  AzureBlobInfo info = client.GetBlobProperties("box", "a.parquet");
  EXPECT_EQ(info.size, 1234u);
  EXPECT_EQ(info.etag, "\"0x8D\"");
}

TEST(AzureBlobClient, ServerErrorsAreRetriedThenReportedAsIo) {
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) { return Respond(503, AzureErrorXml("ServerBusy", "busy")); });
  AzureBlobConfig config = SharedKeyConfig();
  config.retry.max_attempts = 3;
  AzureBlobClient client(std::move(config), transport);
  Error error = CaughtFrom([&] { client.GetBlob("box", "k"); });
  EXPECT_EQ(error.code(), ErrorCode::kIo);
  EXPECT_EQ(transport->requests().size(), 3u);
}

TEST(AzureBlobClient, ListingFollowsMarkersAcrossPages) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& request) {
    if (request.url.find("marker=") == std::string::npos)
      return Respond(200,
                     "<EnumerationResults><Blobs><Blob><Name>p/a.csv</Name><Properties>"
                     "<Content-Length>3</Content-Length><Etag>0x1</Etag></Properties></Blob>"
                     "</Blobs><NextMarker>2!next/page</NextMarker></EnumerationResults>");
    return Respond(200,
                   "<EnumerationResults><Blobs><Blob><Name>p/b &amp; c.csv</Name><Properties>"
                   "<Content-Length>5</Content-Length><Etag>0x2</Etag></Properties></Blob>"
                   "</Blobs><NextMarker /></EnumerationResults>");
  });
  AzureBlobClient client(SharedKeyConfig(), transport);
  std::vector<AzureBlobInfo> blobs = client.ListBlobs("box", "p/");
  ASSERT_EQ(blobs.size(), 2u);
  EXPECT_EQ(blobs[0].name, "p/a.csv");
  EXPECT_EQ(blobs[0].size, 3u);
  EXPECT_EQ(blobs[1].name, "p/b & c.csv");
  EXPECT_EQ(blobs[1].etag, "0x2");
  ASSERT_EQ(transport->requests().size(), 2u);
  EXPECT_NE(transport->requests()[1].url.find("marker=2%21next%2Fpage"), std::string::npos)
      << transport->requests()[1].url;
}

TEST(AzureBlobClient, LargeUploadsGoInParallelBlocksCommittedInOrder) {
  std::mutex mutex;
  std::map<std::string, std::string> staged;  // block id (url-encoded) -> bytes
  std::string block_list;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest& request) {
    std::lock_guard lock(mutex);
    size_t id = request.url.find("blockid=");
    if (id != std::string::npos) {
      staged[request.url.substr(id + 8)] = request.body;
    } else if (request.url.find("comp=blocklist") != std::string::npos) {
      block_list = request.body;
    } else {
      ADD_FAILURE() << "unexpected request " << request.url;
    }
    return Respond(201, "", {{"ETag", "\"0xB\""}});
  });
  AzureBlobConfig config = SharedKeyConfig();
  config.block_size = 4;
  config.single_put_threshold = 8;
  AzureBlobClient client(std::move(config), transport);
  const std::string data = "0123456789";
  BodyReader reader = [&](uint64_t offset, char* buffer, size_t size) {
    size_t n = std::min<size_t>(size, data.size() - offset);
    std::copy_n(data.data() + offset, n, buffer);
    return n;
  };
  EXPECT_EQ(client.UploadBlob("box", "big.bin", reader, data.size()), "\"0xB\"");
  ASSERT_EQ(staged.size(), 3u);
  // The committed list names the blocks in file order; together they are the data.
  std::string assembled;
  size_t from = 0;
  for (size_t i = 0; i < 3; ++i) {
    std::string latest = "<Latest>" + AzureBlockId(i) + "</Latest>";
    size_t at = block_list.find(latest, from);
    ASSERT_NE(at, std::string::npos) << block_list;
    from = at + latest.size();
    std::string key = UriEncode(AzureBlockId(i), /*keep_slash=*/false);
    ASSERT_TRUE(staged.count(key)) << key;
    assembled += staged[key];
  }
  EXPECT_EQ(assembled, data);
}

TEST(AzureBlobClient, SmallUploadsAreOnePutBlob) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return Respond(201, "", {{"ETag", "\"0x1\""}});
  });
  AzureBlobClient client(SharedKeyConfig(), transport);
  const std::string data = "tiny";
  client.UploadBlob(
      "box", "t.txt",
      [&](uint64_t offset, char* buffer, size_t size) {
        size_t n = std::min<size_t>(size, data.size() - offset);
        std::copy_n(data.data() + offset, n, buffer);
        return n;
      },
      data.size());
  ASSERT_EQ(transport->requests().size(), 1u);
  EXPECT_EQ(transport->requests()[0].body, "tiny");
  EXPECT_EQ(transport->requests()[0].url.find('?'), std::string::npos);
}

TEST(AzureBlobClient, BearerTokenFromTheProviderIsSent) {
  auto transport =
      std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(200, "data"); });
  AzureBlobConfig config = SharedKeyConfig();
  config.credentials = {};
  config.credentials.kind = AzureCredentials::Kind::kBearer;
  config.credentials.token_provider = [] { return std::string("tok-123"); };
  AzureBlobClient client(std::move(config), transport);
  EXPECT_EQ(client.GetBlob("box", "k"), "data");
  EXPECT_EQ(FindHeader(transport->requests()[0].headers, "Authorization").value_or(""),
            "Bearer tok-123");
}

TEST(AzureBlobClient, ContainerIsRequired) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) { return Respond(200); });
  AzureBlobClient client(SharedKeyConfig(), transport);
  EXPECT_EQ(CaughtFrom([&] { client.GetBlob("", "k"); }).code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(transport->requests().empty());
}

}  // namespace
}  // namespace ff::cloud

namespace ff::cloud {
namespace {

TEST(AzureBlobClient, UploadsCarryContentMd5AndDownloadsAreChecked) {
  const std::string data = "flowfile";
  const std::string md5 = crypto::Base64Encode(Md5(data));
  std::string served = data;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest& request) {
    if (request.method == "PUT") return Respond(201, "", {{"ETag", "\"0x1\""}});
    return Respond(200, served, {{"Content-MD5", md5}});
  });
  AzureBlobClient client(SharedKeyConfig(), transport);
  client.PutBlob("box", "k", data);
  EXPECT_EQ(FindHeader(transport->requests()[0].headers, "Content-MD5").value_or(""), md5);
  EXPECT_EQ(client.GetBlob("box", "k"), data);
  served[0] = 'F';  // one byte changed on the way
  const Error error = CaughtFrom([&] { client.GetBlob("box", "k"); });
  EXPECT_EQ(error.code(), ErrorCode::kIo);
  EXPECT_NE(std::string(error.what()).find("Content-MD5"), std::string::npos);
}

}  // namespace
}  // namespace ff::cloud
