// Matches a request's method and path against the route table.
//
// Patterns are literal segments and `{name}` placeholders, each matching exactly one
// non-empty path segment. A path holding "." or ".." segments, or an empty segment, matches
// nothing (no traversal through a name).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api.hpp"

namespace ff::server {

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

class Router {
 public:
  explicit Router(std::vector<Route> routes);
  //! The route for (method, path). nullopt when the path matches no route; a match with a
  //! null route when the path exists for other methods only (405).
  std::optional<RouteMatch> Match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> patterns_;  //!< segments of each route's path
};

//! "/a/b/" -> {"a", "b", ""}: segments after the leading slash.
std::vector<std::string> SplitPath(const std::string& path);

}  // namespace ff::server
