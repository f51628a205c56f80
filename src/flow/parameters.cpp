#include "flow/parameters.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "flowfile/errors.hpp"
#include "util/text.hpp"

namespace ff::flow {

using nlohmann::json;

namespace {

// The typed value of `text` for a parameter of `type`; throws with `where` on a bad value.
json Typed(const FlowParameter& p, const std::string& text, const std::string& where) {
  auto bad = [&](const std::string& expected) -> json {
    throw Error(ErrorCode::kInvalidArgument, where + ": parameter '" + p.name + "' is declared " +
                                                 p.type + " but its value '" + text + "' is not " +
                                                 expected);
  };
  if (p.type == "string") return text;
  if (text.empty()) return nullptr;
  if (p.type == "integer") {
    size_t used = 0;
    try {
      const long long v = std::stoll(text, &used);
      if (used == text.size()) return static_cast<int64_t>(v);
    } catch (const std::exception&) {
    }
    return bad("an integer");
  }
  if (p.type == "float") {
    size_t used = 0;
    try {
      const double v = std::stod(text, &used);
      if (used == text.size()) return v;
    } catch (const std::exception&) {
    }
    return bad("a number");
  }
  if (p.type == "boolean") {
    const std::string l = util::AsciiLower(text);
    if (l == "true" || l == "1" || l == "yes" || l == "on") return true;
    if (l == "false" || l == "0" || l == "no" || l == "off") return false;
    return bad("a boolean (true/false, 1/0, yes/no, on/off)");
  }
  if (p.type == "enum") {
    if (std::find(p.enum_values.begin(), p.enum_values.end(), text) != p.enum_values.end()) {
      return text;
    }
    std::string allowed;
    for (const std::string& v : p.enum_values) allowed += (allowed.empty() ? "" : ", ") + v;
    return bad("one of " + allowed);
  }
  throw Error(ErrorCode::kInvalidArgument,
              where + ": parameter '" + p.name + "' has the unknown type '" + p.type +
                  "'; expected string, integer, float, boolean or enum");
}

std::string Text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

std::string FormulaLiteral(const json& value) {
  if (value.is_string()) return value.dump();  // JSON quoting, as Flowfile's json.dumps
  if (value.is_null()) return "\"\"";
  return Text(value);
}

const std::regex& Reference() {
  static const std::regex pattern(R"(\$\{([a-zA-Z_][a-zA-Z0-9_]*)\})");
  return pattern;
}

const json& Lookup(const ParameterValues& values, const std::string& name,
                   const std::string& node_label) {
  const auto it = values.find(name);
  if (it != values.end()) return it->second;
  std::vector<std::string> known;
  for (const auto& [k, v] : values) known.push_back(k);
  std::string message = node_label + ": the setting refers to the parameter '${" + name +
                        "}', which the flow does not declare";
  if (auto close = DidYouMean(name, known)) message += "; did you mean '" + *close + "'?";
  message += " (declare it in the flow's parameters or pass --param " + name + "=VALUE)";
  throw Error(ErrorCode::kInvalidArgument, message);
}

json SubstituteString(const std::string& text, const ParameterValues& values, bool formula,
                      const std::string& node_label) {
  std::smatch whole;
  if (!formula && std::regex_match(text, whole, Reference())) {
    return Lookup(values, whole[1].str(), node_label);
  }
  std::string out;
  auto begin = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), Reference()), end; it != end; ++it) {
    out.append(begin, text.cbegin() + it->position());
    const json& value = Lookup(values, (*it)[1].str(), node_label);
    out += formula ? FormulaLiteral(value) : Text(value);
    begin = text.cbegin() + it->position() + it->length();
  }
  out.append(begin, text.cend());
  return out;
}

json Walk(const json& value, const std::string& pointer, const ParameterValues& values,
          const std::vector<std::string>& formula_fields, const std::string& node_label) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.find("${") == std::string::npos) return value;
    const bool formula =
        std::find(formula_fields.begin(), formula_fields.end(), pointer) != formula_fields.end();
    return SubstituteString(text, values, formula, node_label);
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : value.items()) {
      out[k] = Walk(v, pointer + "/" + k, values, formula_fields, node_label);
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (size_t i = 0; i < value.size(); ++i) {
      out.push_back(
          Walk(value[i], pointer + "/" + std::to_string(i), values, formula_fields, node_label));
    }
    return out;
  }
  return value;
}

}  // namespace

std::vector<FlowParameter> ReadParameters(const json& settings, const std::string& source) {
  std::vector<FlowParameter> out;
  if (!settings.contains("parameters") || settings.at("parameters").is_null()) return out;
  const std::string where = "flow file '" + source + "'";
  if (!settings.at("parameters").is_array()) {
    throw Error(ErrorCode::kInvalidArgument, where + ": 'parameters' must be a list");
  }
  for (const json& raw : settings.at("parameters")) {
    if (!raw.is_object() || !raw.contains("name") || !raw.at("name").is_string()) {
      throw Error(ErrorCode::kInvalidArgument,
                  where + ": every parameter needs a 'name' (text), found " + raw.dump());
    }
    FlowParameter p;
    p.name = raw.at("name").get<std::string>();
    p.default_value = Text(raw.value("default_value", json("")));
    p.description = Text(raw.value("description", json("")));
    p.type = raw.contains("type") && raw.at("type").is_string() ? raw.at("type").get<std::string>()
                                                                : "string";
    if (raw.contains("enum_values") && raw.at("enum_values").is_array()) {
      for (const json& v : raw.at("enum_values")) p.enum_values.push_back(Text(v));
    }
    if (p.type == "enum" && p.enum_values.empty()) {
      throw Error(ErrorCode::kInvalidArgument,
                  where + ": the enum parameter '" + p.name + "' lists no enum_values");
    }
    Typed(p, p.default_value, where);  // validates
    out.push_back(std::move(p));
  }
  return out;
}

ParameterValues ResolveParameters(const std::vector<FlowParameter>& declared,
                                  const std::map<std::string, std::string>& overrides) {
  ParameterValues values;
  std::map<std::string, std::string> remaining = overrides;
  for (const FlowParameter& p : declared) {
    const auto it = remaining.find(p.name);
    const std::string text = it != remaining.end() ? it->second : p.default_value;
    values[p.name] = Typed(p, text, it != remaining.end() ? "--param" : "the flow");
    if (it != remaining.end()) remaining.erase(it);
  }
  for (const auto& [name, text] : remaining) values[name] = text;
  return values;
}

json SubstituteParameters(const json& settings, const ParameterValues& values,
                          const std::vector<std::string>& formula_fields,
                          const std::string& node_label) {
  return Walk(settings, "", values, formula_fields, node_label);
}

}  // namespace ff::flow
