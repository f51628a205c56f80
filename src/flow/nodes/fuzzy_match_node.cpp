// fuzzy_match: an inner join on string similarity. Each mapping scores the lowercased keys in
// 0..1 (1 - normalised distance) and keeps pairs within its threshold; all mappings must
// match; one score column per mapping.
#include <set>

#include "flow/nodes/settings.hpp"
#include "flow/nodes/sql_node.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

namespace {

using sql::Identifier;

std::string Score(const NodeContext& c, const std::string& type, const std::string& a,
                  const std::string& b) {
  const std::string longest = "greatest(length(" + a + "), length(" + b + "), 1)";
  if (type == "levenshtein") return "(1 - levenshtein(" + a + ", " + b + ") / " + longest + ")";
  if (type == "damerau_levenshtein") {
    return "(1 - damerau_levenshtein(" + a + ", " + b + ") / " + longest + ")";
  }
  if (type == "jaro") return "jaro_similarity(" + a + ", " + b + ")";
  if (type == "jaro_winkler") return "jaro_winkler_similarity(" + a + ", " + b + ")";
  // Insertions and deletions only, normalised by both lengths (RapidFuzz's Indel).
  if (type == "indel") return "ff_indel_similarity(" + a + ", " + b + ")";
  if (type == "hamming") {
    // Strings of different lengths: the positions of the shorter one, plus the difference.
    const std::string shortest = "least(length(" + a + "), length(" + b + "))";
    return "(1 - (hamming(left(" + a + ", " + shortest + "), left(" + b + ", " + shortest +
           ")) + abs(length(" + a + ") - length(" + b + "))) / " + longest + ")";
  }
  throw Error(ErrorCode::kInternal, c.node().Label() + ": unknown fuzzy type '" + type + "'");
}

struct Side {
  std::vector<std::pair<std::string, std::string>> columns;  // old, new
};

Side SideOf(const NodeContext& c, const json& raw, const Schema& schema,
            const std::set<std::string>& keys, std::set<std::string>* taken, bool right) {
  json list = raw.is_object() ? raw.value("select", raw.value("renames", json())) : raw;
  std::map<std::string, std::pair<std::string, bool>> listed;  // old -> new, keep
  if (list.is_array()) {
    for (const json& item : list) {
      if (item.is_string()) {
        listed[item.get<std::string>()] = {item.get<std::string>(), true};
      } else {
        const std::string old_name = Str(c, item, "old_name");
        std::string new_name = Str(c, item, "new_name", old_name);
        listed[old_name] = {new_name.empty() ? old_name : new_name, Bool(c, item, "keep", true)};
      }
    }
  }
  Side side;
  for (const Field& f : schema) {
    auto it = listed.find(f.name);
    std::string name = it == listed.end() ? f.name : it->second.first;
    const bool keep = it == listed.end() || it->second.second || keys.count(f.name);
    if (!keep) continue;
    while (right && taken->count(name)) name += "_right";
    taken->insert(name);
    side.columns.emplace_back(f.name, name);
  }
  return side;
}

std::vector<FlowFrame> BuildFuzzyMatch(const NodeContext& c) {
  const json& j = c.Section("join_input");
  const json mapping = j.value("join_mapping", json::array());
  if (!mapping.is_array() || mapping.empty()) {
    c.Fail("join_input.join_mapping", "no fuzzy mapping is given");
  }
  std::set<std::string> left_keys, right_keys;
  for (const json& m : mapping) {
    const std::string l = Str(c, m, "left_col");
    left_keys.insert(l);
    right_keys.insert(Str(c, m, "right_col", l));
  }
  std::set<std::string> taken;
  const Side left =
      SideOf(c, j.value("left_select", json()), c.Main().schema(), left_keys, &taken, false);
  const Side right =
      SideOf(c, j.value("right_select", json()), c.Right().schema(), right_keys, &taken, true);
  auto renamed = [](const Side& side, const std::string& old_name) {
    for (const auto& [o, n] : side.columns) {
      if (o == old_name) return n;
    }
    return old_name;
  };
  std::string items, on;
  for (const auto& [o, n] : left.columns)
    items += "l." + Identifier(o) + " AS " + Identifier(n) + ", ";
  for (const auto& [o, n] : right.columns)
    items += "r." + Identifier(o) + " AS " + Identifier(n) + ", ";
  std::set<std::string> score_names;
  for (const json& m : mapping) {
    const std::string l = Str(c, m, "left_col");
    const std::string r = Str(c, m, "right_col", l);
    const std::string type = Str(c, m, "fuzzy_type", "levenshtein");
    OneOf(c, "join_input.join_mapping.fuzzy_type", type,
          {"levenshtein", "jaro", "jaro_winkler", "hamming", "damerau_levenshtein", "indel"});
    const double threshold = Number(c, m, "threshold_score", 80.0);
    const std::string a = "lower(CAST(l." + Identifier(l) + " AS VARCHAR))";
    const std::string b = "lower(CAST(r." + Identifier(r) + " AS VARCHAR))";
    const std::string score = Score(c, type, a, b);
    std::string name = renamed(left, l) + "_vs_" + renamed(right, r) + "_" + type;
    for (int k = 1; score_names.count(name); ++k) name += "_" + std::to_string(k);
    score_names.insert(name);
    items += "CAST(" + score + " AS DOUBLE) AS " + Identifier(name) + ", ";
    // Kept when the distance is within (100 - int(threshold)) / 100, as Flowfile computes it.
    on += std::string(on.empty() ? "" : " AND ") + "(1 - " + score +
          ") <= " + std::to_string((100 - static_cast<int64_t>(threshold)) / 100.0);
  }
  items.resize(items.size() - 2);
  return {SqlNode(c, {"SELECT DISTINCT " + items + " FROM ", 0, " AS l JOIN ", 1, " AS r ON " + on},
                  {c.Main(), c.Right()})};
}

}  // namespace

void AddFuzzyMatchNode(std::vector<NodeType>& types) {
  NodeType t;
  t.key = "fuzzy_match";
  t.label = "Fuzzy match";
  t.group = "combine";
  t.right_input = true;
  t.settings_schema = SObject(
      "Fuzzy match",
      {{"join_input",
        SObject("Fuzzy match",
                {{"join_mapping",
                  SArray("Matches",
                         SObject("Match",
                                 {{"left_col", SColumn("Left column")},
                                  {"right_col", SColumn("Right column", "right")},
                                  {"threshold_score", SNumber("Threshold (0-100)", 80.0)},
                                  {"fuzzy_type", SEnum("Method",
                                                       {"levenshtein", "jaro", "jaro_winkler",
                                                        "hamming", "damerau_levenshtein", "indel"},
                                                       "levenshtein")}}))}})}});
  t.build = BuildFuzzyMatch;
  types.push_back(std::move(t));
}

}  // namespace ff::flow
