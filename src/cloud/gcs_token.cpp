#include "cloud/gcs_token.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "cloud/url.hpp"
#include "crypto/base64.hpp"

namespace ff::cloud {
namespace {

constexpr long long kAssertionLifetime = 3600;  // the most Google accepts
constexpr std::string_view kJwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

std::string Label(const std::string& connection_name) {
  return connection_name.empty()
             ? std::string("the GCS service-account key")
             : "the GCS service-account key of connection '" + connection_name + "'";
}

// Never lets OpenSSL prompt on a terminal for the passphrase of an encrypted key.
int NoPassphrase(char*, int, int, void*) { return 0; }

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

std::string SignRs256(const GcsServiceAccount& account, std::string_view data) {
  const std::string where =
      "GCS " +
      (account.connection_name.empty() ? std::string("service account")
                                       : "connection '" + account.connection_name + "'") +
      " (" + account.client_email + ")";
  const std::string_view pem = account.private_key.Reveal();
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw Error(ErrorCode::kInternal, "OpenSSL could not allocate a memory BIO");
  std::unique_ptr<EVP_PKEY, KeyFree> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  ERR_clear_error();  // the queue may describe the key; never surface it
  if (!key)
    throw Error(ErrorCode::kCrypto, where +
                                        ": private_key is not a readable unencrypted PEM private "
                                        "key (expected a PEM block of type PRIVATE KEY)");
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA)
    throw Error(ErrorCode::kCrypto, where + ": private_key is not an RSA key (RS256 needs one)");
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    ERR_clear_error();
    throw Error(ErrorCode::kCrypto, where + ": signing the token request failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    ERR_clear_error();
    throw Error(ErrorCode::kCrypto, where + ": signing the token request failed");
  }
  signature.resize(length);
  return signature;
}

void Wipe(std::string& text) {
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  text.clear();
}

}  // namespace

GcsServiceAccount ParseGcsServiceAccountKey(const Secret& key_json,
                                            const std::string& connection_name) {
  const std::string label = Label(connection_name);
  if (key_json.empty())
    throw Error(ErrorCode::kInvalidArgument, label + " (gcs_service_account_key) is empty");
  nlohmann::json json = nlohmann::json::parse(key_json.Reveal(), nullptr, false);
  if (!json.is_object())
    throw Error(ErrorCode::kInvalidArgument,
                label +
                    " is not JSON; gcs_service_account_key holds the contents of the JSON "
                    "key file Google Cloud gives for a service account");
  auto text = [&](const char* field) -> std::string {
    auto it = json.find(field);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (auto type = text("type"); !type.empty() && type != "service_account")
    throw Error(ErrorCode::kUnsupported,
                label + " has type '" + type + "'; only service_account keys are supported");
  GcsServiceAccount account;
  account.connection_name = connection_name;
  account.client_email = text("client_email");
  account.private_key_id = text("private_key_id");
  if (auto uri = text("token_uri"); !uri.empty()) account.token_uri = uri;
  auto key = json.find("private_key");
  if (key != json.end() && key->is_string()) {
    account.private_key = Secret::Adopt(key->get_ref<std::string&>());
  }
  std::string missing;
  if (account.client_email.empty()) missing += "client_email";
  if (account.private_key.empty())
    missing += std::string(missing.empty() ? "" : ", ") + "private_key";
  if (!missing.empty()) throw Error(ErrorCode::kInvalidArgument, label + " is missing: " + missing);
  ParsedUrl uri = ParseUrl(account.token_uri);  // throws naming it when it is not a URL
  if (uri.scheme != "https" && uri.scheme != "http")
    throw Error(ErrorCode::kInvalidArgument,
                label + " has token_uri '" + account.token_uri + "', which is not http(s)");
  return account;
}

std::string Base64UrlNoPad(std::string_view bytes) {
  std::string out = crypto::Base64UrlEncode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

Secret MakeGcsJwtAssertion(const GcsServiceAccount& account, long long issued_at) {
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!account.private_key_id.empty()) header["kid"] = account.private_key_id;
  nlohmann::json claims = {{"iss", account.client_email},
                           {"scope", account.scope},
                           {"aud", account.token_uri},
                           {"iat", issued_at},
                           {"exp", issued_at + kAssertionLifetime}};
  std::string signing_input = Base64UrlNoPad(header.dump()) + "." + Base64UrlNoPad(claims.dump());
  std::string signature = SignRs256(account, signing_input);
  std::string assertion = signing_input + "." + Base64UrlNoPad(signature);
  Wipe(signature);
  return Secret::Adopt(assertion);
}

HttpRequest GcsTokenRequest(const GcsServiceAccount& account, const Secret& assertion) {
  HttpRequest request;
  request.method = "POST";
  request.url = account.token_uri;
  request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  request.headers.push_back({"Accept", "application/json"});
  request.body = "grant_type=" + UriEncode(kJwtBearerGrant, false) +
                 "&assertion=" + UriEncode(assertion.Reveal(), false);
  request.headers.push_back({"Content-Length", std::to_string(request.body.size())});
  return request;
}

GcsTokenSource::GcsTokenSource(GcsServiceAccount account, std::shared_ptr<HttpTransport> transport,
                               RetryPolicy retry)
    : account_(std::move(account)), http_(std::move(transport), std::move(retry)) {
  // Fail at open time on a key that cannot sign.
  MakeGcsJwtAssertion(account_, 0);
}

std::string GcsTokenSource::Describe() const {
  std::string out = "GCS service account '" + account_.client_email + "'";
  if (!account_.connection_name.empty()) out += " (connection '" + account_.connection_name + "')";
  return out;
}

GcsAccessToken GcsTokenSource::Fetch() {
  const std::string what = Describe();
  const auto now = std::chrono::system_clock::now();
  const long long issued_at =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  Secret assertion = MakeGcsJwtAssertion(account_, issued_at);
  HttpRequest request = GcsTokenRequest(account_, assertion);
  HttpResponse response;
  try {
    response = http_.Send(request);
  } catch (const TransportError& error) {
    Wipe(request.body);
    throw Error(ErrorCode::kIo, what + ": the token endpoint " +
                                    ScrubUrl(request.url.substr(0, request.url.find('?'))) +
                                    " is unreachable (" + error.what() + ")");
  }
  Wipe(request.body);

  if (response.status < 200 || response.status >= 300) {
    ServiceError service = ParseServiceError(response.body);
    // An endpoint that echoes the request would put the assertion here; drop such text.
    std::string_view sent = assertion.Reveal();
    auto quotes_assertion = [&](const std::string& text) {
      for (size_t start = 0; start < sent.size();) {
        size_t dot = sent.find('.', start);
        std::string_view part =
            sent.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (part.size() >= 8 && text.find(part) != std::string::npos) return true;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
      }
      return false;
    };
    if (quotes_assertion(service.message)) service.message.clear();
    if (quotes_assertion(service.code)) service.code.clear();
    std::string reason = service.message.substr(0, service.message.find_first_of("\r\n"));
    ErrorCode code = response.status == 400 || response.status == 401 || response.status == 403
                         ? ErrorCode::kPermissionDenied
                         : ErrorCodeForStatus(response.status);
    throw Error(code, what + ": the token endpoint refused the request (HTTP " +
                          std::to_string(response.status) +
                          (service.code.empty() ? "" : " " + service.code) + ")" +
                          (reason.empty() ? "" : ": " + reason));
  }
  nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  Wipe(response.body);
  if (!json.is_object() || !json.contains("access_token") || !json["access_token"].is_string())
    throw Error(ErrorCode::kIo, what + ": the token endpoint answered without an access_token");
  GcsAccessToken token;
  token.token = Secret::Adopt(json["access_token"].get_ref<std::string&>());
  if (auto in = json.contains("expires_in") ? TokenSeconds(json["expires_in"]) : std::nullopt)
    token.expires_at = now + std::chrono::seconds(*in);
  else
    token.expires_at = now + std::chrono::minutes(10);  // unknown lifetime: refresh soon
  return token;
}

std::string GcsTokenSource::Token() {
  return cache_.Get([this] { return Fetch(); });
}

}  // namespace ff::cloud
