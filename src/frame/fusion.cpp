#include "frame/fusion.hpp"

#include "frame/compiler.hpp"
#include "frame/node_sql.hpp"
#include "frame/node_sql_helpers.hpp"
#include "util/sql_dialect.hpp"
#include "util/text.hpp"

namespace ff::frame {

namespace {

bool Disjoint(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const std::string& x : a) {
    if (b.count(x)) return false;
  }
  return true;
}

}  // namespace

Fusion::Fusion(const std::vector<NodePtr>& nodes) {
  std::map<uint64_t, int> readers;
  for (const NodePtr& node : nodes)
    for (const NodePtr& input : node->inputs) ++readers[input->id];
  // Names (lowered) that the run of with_columns ending at a node defines.
  std::map<uint64_t, std::set<std::string>> defined;
  for (const NodePtr& node : nodes) {
    if (std::optional<std::string> c = FilterCondition(*node)) {
      const NodePtr& input = node->inputs.front();
      if (conditions_.count(input->id) && readers[input->id] == 1) absorbed_.insert(input->id);
      conditions_[node->id] = std::move(*c);
    } else if (std::optional<FormulaParts> f = FormulaPartsOf(*node)) {
      std::set<std::string> writes;
      for (const auto& item : f->items) writes.insert(LowerAscii(item.first));
      const NodePtr& input = node->inputs.front();
      std::set<std::string>& mine = defined[node->id];
      if (formulas_.count(input->id) && readers[input->id] == 1 &&
          Disjoint(f->reads_lower, defined[input->id]) && Disjoint(writes, defined[input->id])) {
        absorbed_.insert(input->id);
        mine = defined[input->id];
      }
      mine.insert(writes.begin(), writes.end());
      formulas_[node->id] = std::move(*f);
    }
  }
}

std::optional<std::string> Fusion::FusedSql(const NodePtr& node,
                                            std::string (*cte)(const PlanNode&)) const {
  if (node->inputs.empty() || !absorbed_.count(node->inputs.front()->id)) return std::nullopt;
  std::vector<NodePtr> run{node};  // outermost first
  NodePtr base = node->inputs.front();
  while (absorbed_.count(base->id)) {
    run.push_back(base);
    base = base->inputs.front();
  }
  if (conditions_.count(node->id)) {
    std::vector<std::string> terms;
    for (size_t i = run.size(); i-- > 0;) terms.push_back("(" + conditions_.at(run[i]->id) + ")");
    return "SELECT * FROM " + cte(*base) + " WHERE " + util::JoinText(terms, " AND ");
  }
  // with_columns: each run member writes columns no later member touches, so their items
  // simply add up; a name of the base's columns is a REPLACE, any other a new column.
  std::set<std::string> existing;
  for (const std::string& name : ColumnNamesOf(base)) existing.insert(name);
  std::vector<std::string> replaced, added;
  for (size_t i = run.size(); i-- > 0;) {
    for (const auto& [name, sql] : formulas_.at(run[i]->id).items) {
      (existing.count(name) ? replaced : added).push_back(sql + " AS " + sql::Identifier(name));
    }
  }
  std::string select = "SELECT *";
  if (!replaced.empty()) select += " REPLACE (" + util::JoinText(replaced, ", ") + ")";
  for (const std::string& a : added) select += ", " + a;
  return select + " FROM " + cte(*base);
}

}  // namespace ff::frame
