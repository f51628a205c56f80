#include "flow/flow_secrets.hpp"

#include <algorithm>
#include <cctype>

#include "flowfile/errors.hpp"
#include "flowfile/secrets.hpp"
#include "util/text.hpp"

namespace ff::flow {

using nlohmann::json;

namespace {

// Header and query parameter names whose values are credentials. Query names are matched
// more narrowly ("author" or "session_date" are ordinary parameters).
bool CredentialName(const std::string& name, bool header) {
  const std::string n = util::AsciiLower(name);
  for (const char* exact : {"authorization", "proxy-authorization", "cookie", "sig", "auth"}) {
    if (n == exact) return true;
  }
  for (const char* part :
       {"key", "token", "secret", "password", "passwd", "signature", "credential"}) {
    if (n.find(part) != std::string::npos) return true;
  }
  return header && (n.find("auth") != std::string::npos || n.find("session") != std::string::npos);
}

bool IsLiteralValue(const json& value) {
  if (value.is_null()) return false;
  const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  return !text.empty() && Secrets::ReferencedName(text).empty();
}

[[noreturn]] void Refuse(const std::string& target, const FlowNodeModel& node,
                         const std::string& what) {
  throw Error(ErrorCode::kInvalidArgument,
              "refusing to save '" + target + "': " + node.Label() + " holds " + what +
                  " in the flow; store it with `flowfile secrets set NAME` and name it instead");
}

void CheckDatabase(const json& settings, const FlowNodeModel& node, const std::string& target) {
  for (const char* section : {"database_settings", "database_write_settings"}) {
    if (!settings.contains(section) || !settings.at(section).is_object()) continue;
    const json connection = settings.at(section).value("database_connection", json());
    if (connection.is_object() && connection.contains("password") &&
        !connection.at("password").is_null() && connection.at("password") != "") {
      throw Error(ErrorCode::kInvalidArgument,
                  "refusing to save '" + target + "': " + node.Label() +
                      " holds a database password in the flow; store it with `flowfile "
                      "secrets set NAME` and name it in password_ref, or use a named "
                      "connection");
    }
  }
}

void CheckRestApi(const json& settings, const FlowNodeModel& node, const std::string& target) {
  if (!settings.contains("rest_api_settings") || !settings.at("rest_api_settings").is_object()) {
    return;
  }
  const json& s = settings.at("rest_api_settings");
  if (s.contains("auth") && s.at("auth").is_object() && s.at("auth").contains("secret") &&
      IsLiteralValue(s.at("auth").at("secret"))) {
    Refuse(target, node, "a credential (rest_api_settings.auth.secret)");
  }
  for (const char* section : {"headers", "query_params"}) {
    if (!s.contains(section) || !s.at(section).is_object()) continue;
    for (const auto& [name, value] : s.at(section).items()) {
      if (CredentialName(name, std::string(section) == "headers") && IsLiteralValue(value)) {
        Refuse(target, node,
               "a credential in rest_api_settings." + std::string(section) + "." + name +
                   " (use auth.secret_name, or the value ${secret:NAME})");
      }
    }
  }
  const std::string url = s.value("url", json("")).is_string() ? s.value("url", std::string()) : "";
  const size_t scheme = url.find("://");
  const size_t host_end = url.find_first_of("/?#", scheme == std::string::npos ? 0 : scheme + 3);
  const size_t at = url.rfind('@', host_end == std::string::npos ? url.size() : host_end);
  if (scheme != std::string::npos && at != std::string::npos && at > scheme &&
      url.find(':', scheme + 3) < at) {
    Refuse(target, node, "a password in rest_api_settings.url");
  }
}

}  // namespace

void RefuseInlineCredentials(const FlowModel& model, const std::string& target) {
  for (const FlowNodeModel& node : model.nodes) {
    const json& settings = model.Settings(node);
    CheckDatabase(settings, node, target);
    CheckRestApi(settings, node, target);
  }
}

}  // namespace ff::flow
