#include "cloud/cloud_url.hpp"

#include <cctype>

#include "flowfile/errors.hpp"

namespace ff::cloud {

std::string CanonicalScheme(const std::string& scheme) {
  std::string lower;
  for (char ch : scheme) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (lower == "s3a") return "s3";
  if (lower == "abfs" || lower == "abfss" || lower == "adl") return "az";
  if (lower == "gcs") return "gs";
  return lower;
}

bool IsCloudUrl(const std::string& text) {
  const auto sep = text.find("://");
  return sep != std::string::npos && sep > 0 && text.compare(0, sep, "file") != 0;
}

CloudUrl ParseCloudUrl(const std::string& url) {
  const auto sep = url.find("://");
  if (sep == std::string::npos) {
    throw Error(ErrorCode::kInvalidArgument,
                "'" + url + "' is not a cloud URL (expected s3://bucket/key, az://, gs://...)");
  }
  CloudUrl p;
  p.scheme = url.substr(0, sep);
  const std::string rest = url.substr(sep + 3);
  const auto slash = rest.find('/');
  p.bucket = rest.substr(0, slash);
  p.key = slash == std::string::npos ? "" : rest.substr(slash + 1);
  // abfs[s]://container@account.dfs.core.windows.net/path: the container is the bucket.
  if (const auto at = p.bucket.find('@'); at != std::string::npos) p.bucket.resize(at);
  if (p.bucket.empty()) throw Error(ErrorCode::kInvalidArgument, "'" + url + "' names no bucket");
  return p;
}

}  // namespace ff::cloud
