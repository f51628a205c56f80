// The function registry: every category's table, looked up by name, listed for users.
#include <algorithm>
#include <map>

#include "formula/formula.hpp"
#include "formula/functions.hpp"

namespace ff::formulas {
namespace {

const std::vector<FunctionSpec>& Table() {
  static const std::vector<FunctionSpec> kTable = [] {
    std::vector<FunctionSpec> all;
    AddLogicFunctions(all);
    AddStringFunctions(all);
    AddMathFunctions(all);
    AddDateFunctions(all);
    AddConversionFunctions(all);
    return all;
  }();
  return kTable;
}

const std::map<std::string, const FunctionSpec*>& ByName() {
  static const std::map<std::string, const FunctionSpec*> kByName = [] {
    std::map<std::string, const FunctionSpec*> m;
    for (const FunctionSpec& f : Table()) m[f.name] = &f;
    return m;
  }();
  return kByName;
}

}  // namespace

const FunctionSpec* FindFunction(const std::string& name) {
  const auto& m = ByName();
  auto it = m.find(name);
  return it == m.end() ? nullptr : it->second;
}

std::vector<std::string> FunctionNames() {
  std::vector<std::string> out;
  for (const FunctionSpec& f : Table()) out.push_back(f.name);
  return out;
}

const std::vector<FunctionInfo>& Functions() {
  static const std::vector<FunctionInfo> kInfo = [] {
    std::vector<FunctionInfo> out;
    for (const FunctionSpec& f : Table()) {
      out.push_back({f.name, f.category, f.signature, f.description});
    }
    std::stable_sort(out.begin(), out.end(), [](const FunctionInfo& a, const FunctionInfo& b) {
      return a.category != b.category ? a.category < b.category : a.name < b.name;
    });
    return out;
  }();
  return kInfo;
}

}  // namespace ff::formulas
