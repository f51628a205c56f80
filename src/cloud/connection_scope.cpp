// Scope matching: which stored cloud connection a URL belongs to when none is named.
#include "cloud/connection_scope.hpp"

#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff::cloud {

bool ScopeMatches(const std::string& scope, const CloudUrl& path) {
  // Parsed boundaries: the bucket whole, then whole path segments (s3://trusted never matches
  // s3://trusted-evil/...).
  const CloudUrl s = ParseCloudUrl(scope);
  if (CanonicalScheme(s.scheme) != CanonicalScheme(path.scheme) || s.bucket != path.bucket) {
    return false;
  }
  std::string prefix = s.key;
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (prefix.empty()) return true;
  return path.key == prefix || path.key.starts_with(prefix + "/");
}

std::string ConnectionForUrl(const std::string& url, std::string* explanation) {
  const CloudUrl path = ParseCloudUrl(url);
  std::string best;
  size_t best_length = 0;
  std::vector<std::string> candidates;
  for (const auto& c : Workspace::Default()->connections().ListClouds()) {
    candidates.push_back(c.connection_name);
    for (const std::string& scope : c.scopes) {
      if (ScopeMatches(scope, path) && scope.size() >= best_length) {
        best = c.connection_name, best_length = scope.size();
        if (explanation) *explanation = "scope '" + scope + "' of connection '" + best + "'";
      }
    }
  }
  if (best.empty()) {
    std::string list;
    for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
    throw Error(ErrorCode::kNotFound,
                "no cloud connection's scopes match '" + url + "'; give connection_name= (" +
                    (list.empty() ? "no cloud connections exist" : "known: " + list) + ")");
  }
  return best;
}

}  // namespace ff::cloud
