// The registry's form annotations: every "x-flowfile-when" of every node type's settings schema
// names a property that exists and values it can hold, and type fields offer names the core
// parses. The form reads these without knowing any node type, so a typo here would silently
// hide a field forever.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "flow/registry.hpp"
#include "flow/type_names.hpp"

namespace ff::flow {
namespace {

using SchemaJson =
    nlohmann::json;  // not `json`: another test file of this unity batch says ordered_json

// The property a JSON Pointer ("/a/b") names from the settings root, or null.
const SchemaJson* SchemaAtPointer(const SchemaJson& root, const std::string& pointer) {
  const SchemaJson* at = &root;
  size_t start = 1;
  while (start <= pointer.size()) {
    const size_t slash = pointer.find('/', start);
    const std::string key =
        pointer.substr(start, slash == std::string::npos ? slash : slash - start);
    if (!at->contains("properties") || !at->at("properties").contains(key)) return nullptr;
    at = &at->at("properties").at(key);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return at;
}

struct ModeCheck {
  std::string node;
  const SchemaJson* root;
  int conditions = 0;
  std::vector<std::string> failures;

  void Fail(const std::string& where, const std::string& what) {
    failures.push_back(node + " " + where + ": " + what);
  }

  void CheckCondition(const std::string& where, const SchemaJson& object, const std::string& key,
                      const SchemaJson& values) {
    ++conditions;
    const SchemaJson* target = key.rfind('/', 0) == 0               ? SchemaAtPointer(*root, key)
                               : object["properties"].contains(key) ? &object["properties"][key]
                                                                    : nullptr;
    if (target == nullptr) return Fail(where, "x-flowfile-when names no property '" + key + "'");
    if (!values.is_array() || values.empty()) return Fail(where, "values are not a list");
    for (const SchemaJson& v : values) {
      const bool boolean = target->value("type", SchemaJson()) == "boolean" && v.is_boolean();
      const SchemaJson options = target->value("enum", SchemaJson::array());
      const bool listed = std::find(options.begin(), options.end(), v) != options.end();
      if (!boolean && !listed) Fail(where, v.dump() + " is not a value of '" + key + "'");
    }
  }

  void Walk(const SchemaJson& schema, const std::string& where) {
    if (schema.contains("items")) Walk(schema["items"], where + "[]");
    if (!schema.contains("properties")) return;
    for (const auto& [key, property] : schema["properties"].items()) {
      const std::string path = where + "/" + key;
      const SchemaJson when = property.value("x-flowfile-when", SchemaJson::object());
      for (const auto& [on, values] : when.items()) {
        CheckCondition(path, schema, on, values);
      }
      Walk(property, path);
    }
  }
};

TEST(SettingsModes, EveryConditionNamesAPropertyAndItsValues) {
  int conditions = 0;
  for (const NodeType& type : NodeTypes()) {
    ModeCheck check{type.key, &type.settings_schema};
    check.Walk(type.settings_schema, "");
    for (const std::string& failure : check.failures) ADD_FAILURE() << failure;
    conditions += check.conditions;
  }
  EXPECT_GT(conditions, 40);  // the node types with modes are annotated
}

TEST(SettingsModes, FilterShowsBasicOrAdvancedAndHidesSplitMode) {
  const SchemaJson& schema = FindNodeType("filter")->settings_schema;
  const SchemaJson& input = schema["properties"]["filter_input"]["properties"];
  EXPECT_EQ(input["basic_filter"]["x-flowfile-when"], SchemaJson::parse(R"({"mode": ["basic"]})"));
  EXPECT_EQ(input["advanced_filter"]["x-flowfile-when"],
            SchemaJson::parse(R"({"mode": ["advanced"]})"));
  EXPECT_EQ(schema["properties"]["split_mode"]["x-flowfile-hidden"], true);
  EXPECT_EQ(input["basic_filter"]["properties"]["value2"]["x-flowfile-when"]["operator"],
            SchemaJson::array({"between"}));
}

TEST(SettingsModes, ReadOptionsFollowTheFileTypeAcrossObjects) {
  const SchemaJson& file = FindNodeType("read")->settings_schema["properties"]["received_file"];
  const SchemaJson& table = file["properties"]["table_settings"]["properties"];
  EXPECT_EQ(table["delimiter"]["x-flowfile-when"]["/received_file/file_type"],
            SchemaJson::array({"csv"}));
  EXPECT_EQ(table["sheet_name"]["x-flowfile-when"]["/received_file/file_type"],
            SchemaJson::array({"excel"}));
}

TEST(SettingsModes, TypeFieldsOfferNamesTheCoreParses) {
  for (const std::string& name : TypeNameChoices()) {
    EXPECT_TRUE(ParseTypeName(name).has_value()) << name;
  }
  const SchemaJson& select_item =
      FindNodeType("select")->settings_schema["properties"]["select_input"]["items"];
  const SchemaJson& select_type = select_item["properties"]["data_type"];
  EXPECT_FALSE(select_type.contains("default"));  // unset: the column keeps its type
  EXPECT_EQ(select_type["enum"][0], "String");
  // The other spellings the core reads are listed, so a form accepts them too.
  const SchemaJson& spellings = select_type["x-flowfile-type-name"];
  ASSERT_FALSE(spellings["aliases"].empty());
  for (const SchemaJson& alias : spellings["aliases"]) {
    EXPECT_TRUE(ParseTypeName(alias.get<std::string>()).has_value()) << alias;
  }
  for (const SchemaJson& head : spellings["parameterized"]) {
    EXPECT_TRUE(ParseTypeName(head.get<std::string>() + "(Int64)").has_value()) << head;
  }
  const SchemaJson& formula_type =
      FindNodeType("formula")->settings_schema["properties"]["function"]["properties"]["field"]
                                              ["properties"]["data_type"];
  EXPECT_EQ(formula_type["enum"][0], "Auto");
  EXPECT_EQ(formula_type["default"], "Auto");
  const SchemaJson& manual =
      FindNodeType("manual_input")->settings_schema["properties"]["raw_data_format"];
  EXPECT_EQ(manual["properties"]["columns"]["items"]["properties"]["data_type"]["default"],
            "String");
}

}  // namespace
}  // namespace ff::flow
