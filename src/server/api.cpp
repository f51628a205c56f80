#include "api.hpp"

#include <httplib.h>

#include <charconv>

#include "flowfile/errors.hpp"

namespace ff::server {

Json ApiError::ToJson() const {
  Json error = {{"code", code_}, {"message", what()}};
  if (!hint_.empty()) error["hint"] = hint_;
  return {{"error", std::move(error)}};
}

ApiError ToApiError(const ff::Error& error) {
  struct Mapping {
    int status;
    const char* code;
  };
  const Mapping m = [&]() -> Mapping {
    switch (error.code()) {
      case ErrorCode::kInvalidArgument: return {400, "invalid_argument"};
      case ErrorCode::kNotFound: return {404, "not_found"};
      case ErrorCode::kAlreadyExists: return {409, "already_exists"};
      case ErrorCode::kPermissionDenied: return {403, "permission_denied"};
      case ErrorCode::kConflict: return {409, "conflict"};
      case ErrorCode::kUnsupported: return {400, "unsupported"};
      case ErrorCode::kEngine: return {422, "engine_error"};
      case ErrorCode::kIo: return {502, "io_error"};
      case ErrorCode::kCrypto: return {500, "crypto_error"};
      case ErrorCode::kStore: return {500, "store_error"};
      case ErrorCode::kInternal: return {500, "internal"};
    }
    return {500, "internal"};
  }();
  return ApiError(m.status, m.code, error.what());
}

std::string Call::Query(const std::string& name, const std::string& fallback) const {
  return http.has_param(name) ? http.get_param_value(name) : fallback;
}

std::string Call::RequiredQuery(const std::string& name) const {
  std::string value = Query(name);
  if (value.empty()) {
    throw ApiError(400, "invalid_argument", "query parameter '" + name + "' is required",
                   "add ?" + name + "=... to the URL");
  }
  return value;
}

std::optional<int64_t> Call::IntQuery(const std::string& name, int64_t min, int64_t max) const {
  if (!http.has_param(name)) return std::nullopt;
  const std::string text = http.get_param_value(name);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw ApiError(400, "invalid_argument",
                   "query parameter '" + name + "' must be an integer from " + std::to_string(min) +
                       " to " + std::to_string(max) + ", not '" + text + "'");
  }
  return value;
}

std::vector<Route> AllRoutes() {
  std::vector<Route> routes;
  AddSessionRoutes(routes);
  AddNodeRoutes(routes);
  AddDatabaseRoutes(routes);
  AddCloudRoutes(routes);
  AddConnectionUsageRoutes(routes);
  AddSecretRoutes(routes);
  AddCatalogRoutes(routes);
  AddCatalogMaintenanceRoutes(routes);
  AddAuditRoutes(routes);
  AddFlowRoutes(routes);
  AddRunRoutes(routes);
  AddFlowSchemaRoutes(routes);
  AddFormulaRoutes(routes);
  AddFlowPreviewRoutes(routes);
  AddFlowFileRoutes(routes);
  AddOpenApiRoute(routes);
  return routes;
}

}  // namespace ff::server
