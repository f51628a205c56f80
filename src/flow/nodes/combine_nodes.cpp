// Nodes that combine inputs: join, cross_join, union. Joins follow Flowfile's rules (unlisted
// columns kept, right-side name collisions suffixed with _right, right keys kept beside the
// left ones for inner and left joins, keys never coalesced) — written out in SQL.
#include <set>

#include "flow/nodes/settings.hpp"
#include "flow/nodes/sql_node.hpp"
#include "flowfile/errors.hpp"

namespace ff::flow {

using nlohmann::json;
using namespace settings;

void AddFuzzyMatchNode(std::vector<NodeType>& types);

namespace {

struct SideColumn {
  std::string old_name, new_name;
  bool keep = true;
  bool key = false;
};

// A side's select list: {select: [...]}, {renames: [...]} or a plain list; each entry a
// SelectInput or a bare column name. Columns the list leaves out are kept.
std::vector<SideColumn> SideColumns(const NodeContext& c, const json& raw,
                                    const std::string& setting, const Schema& schema) {
  json list = raw;
  if (raw.is_object())
    list = raw.contains("select") ? raw.at("select") : raw.value("renames", json());
  std::vector<SideColumn> out;
  std::set<std::string> listed;
  std::set<std::string> present;
  for (const Field& f : schema) present.insert(f.name);
  if (list.is_array()) {
    for (const json& item : list) {
      SideColumn col;
      if (item.is_string()) {
        col.old_name = col.new_name = item.get<std::string>();
      } else {
        col.old_name = Str(c, item, "old_name");
        col.new_name = Str(c, item, "new_name", col.old_name);
        if (col.new_name.empty()) col.new_name = col.old_name;
        col.keep = Bool(c, item, "keep", true);
      }
      if (col.old_name.empty()) c.Fail(setting, "an entry names no column: " + item.dump());
      listed.insert(col.old_name);
      if (present.count(col.old_name)) out.push_back(col);  // absent columns are ignored
    }
  } else if (!list.is_null()) {
    c.Fail(setting, "expected a list of columns");
  }
  for (const Field& f : schema) {
    if (!listed.count(f.name)) out.push_back({f.name, f.name, true, false});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> JoinMapping(const NodeContext& c, const json& j) {
  std::vector<std::pair<std::string, std::string>> out;
  const json mapping = j.value("join_mapping", json::array());
  auto add = [&](const json& item) {
    if (item.is_string()) {
      out.emplace_back(item.get<std::string>(), item.get<std::string>());
    } else if (item.is_array() && item.size() == 2 && item[0].is_string() && item[1].is_string()) {
      out.emplace_back(item[0].get<std::string>(), item[1].get<std::string>());
    } else if (item.is_object()) {
      const std::string left = Str(c, item, "left_col");
      out.emplace_back(left, Str(c, item, "right_col", left));
    } else {
      c.Fail("join_input.join_mapping", "cannot read the key " + item.dump());
    }
  };
  if (mapping.is_string()) {
    add(mapping);
  } else if (mapping.is_array()) {
    for (const json& item : mapping) add(item);
  }
  if (out.empty()) c.Fail("join_input.join_mapping", "no join keys are given");
  return out;
}

std::string BroadType(const DataType& t) {
  if (t.name == "String") return "text";
  if (t.IsNumeric()) return "number";
  if (t.IsTemporal()) return "date";
  return t.name;
}

SideColumn* Find(std::vector<SideColumn>& columns, const std::string& name) {
  for (SideColumn& col : columns) {
    if (col.old_name == name) return &col;
  }
  return nullptr;
}

const Field* FieldOf(const Schema& schema, const std::string& name) {
  for (const Field& f : schema) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// Right-side names that collide with kept left names get "_right", repeatedly.
void RenameCollisions(const NodeContext& c, const std::vector<SideColumn>& left,
                      std::vector<SideColumn>& right, bool automatic) {
  std::set<std::string> taken;
  for (const SideColumn& col : left) {
    if (col.keep) taken.insert(col.new_name);
  }
  for (SideColumn& col : right) {
    if (!col.keep) continue;
    while (taken.count(col.new_name)) {
      if (!automatic) {
        c.Fail("join_input.right_select",
               "the right column '" + col.new_name +
                   "' collides with a left column; rename it (auto_generate_selection is off)");
      }
      col.new_name += "_right";
    }
    taken.insert(col.new_name);
  }
}

std::string Items(const std::vector<SideColumn>& columns, const std::string& alias, bool keys,
                  bool others) {
  std::string out;
  for (const SideColumn& col : columns) {
    if (!col.keep || (col.key ? !keys : !others)) continue;
    out +=
        alias + "." + sql::Identifier(col.old_name) + " AS " + sql::Identifier(col.new_name) + ", ";
  }
  return out;
}

std::vector<FlowFrame> BuildJoin(const NodeContext& c) {
  const json& j = c.Section("join_input");
  std::string how = Str(c, j, "how", "inner");
  if (how == "cross") c.Fail("join_input.how", "a cross join is its own node type: use cross_join");
  OneOf(c, "join_input.how", how, {"inner", "left", "right", "full", "outer", "semi", "anti"});
  const Schema left_schema = c.Main().schema(), right_schema = c.Right().schema();
  std::vector<SideColumn> left =
      SideColumns(c, j.value("left_select", json()), "join_input.left_select", left_schema);
  std::vector<SideColumn> right =
      SideColumns(c, j.value("right_select", json()), "join_input.right_select", right_schema);
  std::string on;
  for (const auto& [l, r] : JoinMapping(c, j)) {
    const Field* lf = FieldOf(left_schema, l);
    const Field* rf = FieldOf(right_schema, r);
    if (!lf || !rf) {
      std::vector<std::string> names;
      for (const Field& f : lf ? right_schema : left_schema) names.push_back(f.name);
      ThrowUnknownName(lf ? "right join key" : "left join key", lf ? r : l, names);
    }
    if (BroadType(lf->dtype) != BroadType(rf->dtype)) {
      c.Fail("join_input.join_mapping", "the keys '" + l + "' (" + lf->dtype.ToString() +
                                            ") and '" + r + "' (" + rf->dtype.ToString() +
                                            ") have different kinds of type; cast one first");
    }
    Find(left, l)->key = true;
    Find(right, r)->key = true;
    on += (on.empty() ? "" : " AND ") + std::string("l.") + sql::Identifier(l) + " = r." +
          sql::Identifier(r);
  }
  if (how == "semi" || how == "anti") {
    return {SqlNode(
        c,
        {"SELECT * FROM ", 0,
         " AS l WHERE " + std::string(how == "anti" ? "NOT " : "") + "EXISTS (SELECT 1 FROM ", 1,
         " AS r WHERE " + on + ")"},
        {c.Main(), c.Right()})};
  }
  RenameCollisions(c, left, right, Bool(c, c.settings(), "auto_generate_selection", true));
  std::string items;
  if (how == "inner" || how == "left") {
    items = Items(left, "l", true, true) + Items(right, "r", false, true) +
            Items(right, "r", true, false);
  } else if (how == "right") {
    items = Items(right, "r", true, true) + Items(left, "l", false, true) +
            Items(left, "l", true, false);
  } else {
    items = Items(left, "l", true, true) + Items(right, "r", true, true);
  }
  if (items.empty()) c.Fail("join_input", "the join keeps no column");
  items.resize(items.size() - 2);
  const std::string kind = how == "inner"   ? " JOIN "
                           : how == "left"  ? " LEFT JOIN "
                           : how == "right" ? " RIGHT JOIN "
                                            : " FULL JOIN ";
  return {SqlNode(c, {"SELECT " + items + " FROM ", 0, " AS l" + kind, 1, " AS r ON " + on},
                  {c.Main(), c.Right()})};
}

std::vector<FlowFrame> BuildCrossJoin(const NodeContext& c) {
  const json& j = c.Section("cross_join_input");
  std::vector<SideColumn> left = SideColumns(c, j.value("left_select", json()),
                                             "cross_join_input.left_select", c.Main().schema());
  std::vector<SideColumn> right = SideColumns(c, j.value("right_select", json()),
                                              "cross_join_input.right_select", c.Right().schema());
  RenameCollisions(c, left, right, true);
  std::string items = Items(left, "l", true, true) + Items(right, "r", true, true);
  if (items.empty()) c.Fail("cross_join_input", "the join keeps no column");
  items.resize(items.size() - 2);
  return {SqlNode(c, {"SELECT " + items + " FROM ", 0, " AS l CROSS JOIN ", 1, " AS r"},
                  {c.Main(), c.Right()})};
}

json SelectSchema(const std::string& input) {
  return SArray("Columns", SObject("Column", {{"old_name", SColumn("Column", input)},
                                              {"new_name", SString("New name")},
                                              {"keep", SBool("Keep", true)}}));
}

}  // namespace

void AddCombineNodes(std::vector<NodeType>& types) {
  NodeType join;
  join.key = "join";
  join.label = "Join";
  join.group = "combine";
  join.right_input = true;
  join.settings_schema = SObject(
      "Join",
      {{"auto_generate_selection", SBool("Rename colliding right columns", true)},
       {"join_input",
        SObject(
            "Join",
            {{"join_mapping",
              SArray("Keys", SObject("Key", {{"left_col", SColumn("Left column")},
                                             {"right_col", SColumn("Right column", "right")}}))},
             {"how", SEnum("Join type", {"inner", "left", "right", "full", "outer", "semi", "anti"},
                           "inner")},
             {"left_select", SObject("Left columns", {{"select", SelectSchema("main")}})},
             // Semi and anti joins keep the left rows only: no right column to choose.
             {"right_select", When(SObject("Right columns", {{"select", SelectSchema("right")}}),
                                   "how", {"inner", "left", "right", "full", "outer"})}})}});
  join.build = BuildJoin;
  types.push_back(std::move(join));

  NodeType cross;
  cross.key = "cross_join";
  cross.label = "Cross join";
  cross.group = "combine";
  cross.right_input = true;
  cross.settings_schema = SObject(
      "Cross join",
      {{"cross_join_input",
        SObject(
            "Cross join",
            {{"left_select", SObject("Left columns", {{"select", SelectSchema("main")}})},
             {"right_select", SObject("Right columns", {{"select", SelectSchema("right")}})}})}});
  cross.build = BuildCrossJoin;
  types.push_back(std::move(cross));

  NodeType union_node;
  union_node.key = "union";
  union_node.label = "Union";
  union_node.group = "combine";
  union_node.max_inputs = 10;
  union_node.settings_schema =
      SObject("Union",
              {{"union_input",
                SObject("Union", {{"mode", SEnum("Mode", {"relaxed", "selective"}, "relaxed")}})}});
  union_node.build = [](const NodeContext& c) {
    // Columns matched by name, missing ones null, types widened (Flowfile ignores `mode`).
    return std::vector<FlowFrame>{concat(c.inputs().main, "diagonal_relaxed", c.Options())};
  };
  types.push_back(std::move(union_node));
  AddFuzzyMatchNode(types);
}

}  // namespace ff::flow
