// Flow::ConnectionsUsed: which of the store's connections a flow names, read from the node
// settings the loader kept (so a connection can warn before it is deleted).
#include "flow/flow_model.hpp"
#include "flowfile/flow.hpp"

namespace ff {

using nlohmann::json;

namespace {

// The string at settings[section][key], or "" when any part is missing or not a string.
std::string SettingText(const json& settings, const char* section, const char* key) {
  if (!settings.is_object()) return "";
  const auto s = settings.find(section);
  if (s == settings.end() || !s->is_object()) return "";
  const auto v = s->find(key);
  return v != s->end() && v->is_string() ? v->get<std::string>() : "";
}

// A database node names a stored connection only in "reference" mode (the default mode,
// "inline", carries its own connection details).
std::string DatabaseName(const json& settings, const char* section) {
  if (SettingText(settings, section, "connection_mode") != "reference") return "";
  return SettingText(settings, section, "database_connection_name");
}

}  // namespace

std::vector<FlowConnectionUse> Flow::ConnectionsUsed() const {
  std::vector<FlowConnectionUse> out;
  for (const flow::FlowNodeModel& node : model_->nodes) {
    const json& settings = model_->Settings(node);
    std::string kind, name;
    if (node.type == "database_reader") {
      kind = "database", name = DatabaseName(settings, "database_settings");
    } else if (node.type == "database_writer") {
      kind = "database", name = DatabaseName(settings, "database_write_settings");
    } else if (node.type == "cloud_storage_reader" || node.type == "cloud_storage_writer") {
      kind = "cloud", name = SettingText(settings, "cloud_storage_settings", "connection_name");
    }
    if (!name.empty()) out.push_back({node.id, kind, name});
  }
  return out;
}

}  // namespace ff
