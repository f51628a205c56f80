#include "router.hpp"

namespace ff::server {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (true) {
    const size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash == std::string::npos ? slash : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return segments;
}

namespace {

bool IsPlaceholder(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsPlaceholder(pattern[i])) {
      (*params)[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
  for (const auto& route : routes_) patterns_.push_back(SplitPath(route.path));
}

std::optional<RouteMatch> Router::Match(const std::string& method, const std::string& path) const {
  const auto segments = SplitPath(path);
  for (const auto& segment : segments) {
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
  }
  // HEAD is GET without the body (httplib drops it).
  const std::string wanted = method == "HEAD" ? "GET" : method;
  bool other_method = false;
  for (size_t i = 0; i < routes_.size(); ++i) {
    std::map<std::string, std::string> params;
    if (!Matches(patterns_[i], segments, &params)) continue;
    if (routes_[i].method == wanted) return RouteMatch{&routes_[i], std::move(params)};
    other_method = true;
  }
  if (other_method) return RouteMatch{};
  return std::nullopt;
}

}  // namespace ff::server
