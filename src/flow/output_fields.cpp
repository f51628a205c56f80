// output_field_config: a node's declared output columns, enforced after the node runs.
#include <set>

#include "flow/flow_build.hpp"
#include "flow/type_names.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;

namespace {

struct DeclaredField {
  std::string name;
  DataType type;
  json default_value;
};

std::vector<DeclaredField> Fields(const NodeContext& context, const json& config) {
  std::vector<DeclaredField> out;
  const json fields = config.value("fields", json::array());
  if (!fields.is_array()) context.Fail("output_field_config.fields", "must be a list of fields");
  for (const json& f : fields) {
    if (!f.is_object() || !f.contains("name") || !f.at("name").is_string()) {
      context.Fail("output_field_config.fields", "every field needs a 'name', found " + f.dump());
    }
    const json type = f.value("data_type", json("String"));
    out.push_back({f.at("name").get<std::string>(),
                   TypeOrString(type.is_string() ? type.get<std::string>() : "String"),
                   f.value("default_value", json())});
  }
  return out;
}

}  // namespace

FlowFrame ApplyOutputFieldConfig(const NodeContext& context, const FlowFrame& frame) {
  const json& config = context.Section("output_field_config");
  if (!config.is_object() || !config.value("enabled", false)) return frame;
  const std::string mode = config.value("validation_mode_behavior", std::string("select_only"));
  static const std::set<std::string> kModes = {"select_only", "add_missing",
                                               "add_missing_keep_extra", "raise_on_missing"};
  if (!kModes.count(mode)) {
    context.Fail("output_field_config.validation_mode_behavior",
                 "'" + mode +
                     "' is not one of select_only, add_missing, add_missing_keep_extra, "
                     "raise_on_missing");
  }
  const std::vector<DeclaredField> fields = Fields(context, config);
  const Schema schema = frame.schema();
  std::set<std::string> present;
  for (const Field& f : schema) present.insert(f.name);
  const bool add_missing = mode == "add_missing" || mode == "add_missing_keep_extra";
  std::vector<Expr> exprs;
  std::set<std::string> listed;
  for (const DeclaredField& f : fields) {
    listed.insert(f.name);
    if (present.count(f.name)) {
      exprs.push_back(col(f.name));
      continue;
    }
    if (!add_missing) {
      context.Fail("output_field_config.fields",
                   "the declared output column '" + f.name + "' is not produced by the node");
    }
    Expr value = f.default_value.is_null()
                     ? lit_null()
                     : lit(Literal{f.default_value.is_string() ? f.default_value.get<std::string>()
                                                               : f.default_value.dump()});
    exprs.push_back(value.cast(f.type, /*strict=*/false).alias(f.name));
  }
  if (mode == "add_missing_keep_extra") {
    for (const Field& f : schema) {
      if (!listed.count(f.name)) exprs.push_back(col(f.name));
    }
  }
  FlowFrame out = frame.select(exprs, {context.node().description});
  if (config.value("validate_data_types", false)) {
    const Schema result = out.schema();
    for (const DeclaredField& f : fields) {
      for (const Field& actual : result) {
        if (actual.name == f.name && !(actual.dtype == f.type)) {
          context.Fail("output_field_config.fields",
                       "the column '" + f.name + "' is " + actual.dtype.ToString() +
                           " but the node declares " + f.type.ToString());
        }
      }
    }
  }
  return out;
}

}  // namespace ff::flow
