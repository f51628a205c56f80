// The OpenAPI 3.1 document of the route table: one operation per route, with its query and
// path parameters, request and response schemas, and the two ways to authenticate.
#pragma once

#include <string>
#include <vector>

#include "api.hpp"

namespace ff::server {

Json OpenApiDocument(const std::vector<Route>& routes, const std::string& version);

}  // namespace ff::server
