#include "util/yaml_json.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <vector>

#include "flowfile/errors.hpp"
#include "util/utf8.hpp"

namespace ff::util {

using nlohmann::json;

namespace {

// The text of a scalar, refused unless it is UTF-8: YAML escapes and line-break folding can
// produce bytes the input did not hold.
const std::string& Utf8Text(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (FirstInvalidUtf8(text)) {
    throw Error(
        ErrorCode::kInvalidArgument,
        "the value at line " + std::to_string(node.Mark().line + 1) + " is not valid UTF-8 text");
  }
  return text;
}

json Scalar(const YAML::Node& node) {
  const std::string& text = Utf8Text(node);
  if (node.Tag() == "!") return text;  // quoted in the file: a string
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (text == "null" || text == "Null" || text == "NULL" || text == "~" || text.empty()) {
    return nullptr;
  }
  try {
    size_t used = 0;
    const long long integer = std::stoll(text, &used);
    if (used == text.size()) return integer;
  } catch (const std::out_of_range&) {
    // Too large for 64 bits: read below as a float, as YAML's core schema does.
  } catch (const std::invalid_argument&) {
  }
  try {
    size_t used = 0;
    const double number = std::stod(text, &used);
    if (used == text.size()) return number;
  } catch (const std::exception&) {
  }
  return text;
}

[[noreturn]] void TooLarge(const std::string& what) {
  throw Error(ErrorCode::kInvalidArgument,
              "the document is too large once its aliases are expanded (" + what +
                  "); flow files do not need YAML aliases, write the values out");
}

// The size of `node` once aliases are expanded, counting each shared (aliased) node once per
// use but computing it once: aliases are the same node, found again by their position.
size_t ExpandedSize(const YAML::Node& node, std::map<std::pair<int, int>, size_t>& memo,
                    size_t depth, const YamlLimits& limits) {
  if (depth > limits.max_depth) {
    TooLarge("nested more than " + std::to_string(limits.max_depth) + " levels");
  }
  const YAML::Mark mark = node.Mark();
  const std::pair<int, int> key{mark.line, mark.column};
  const bool shared = node.IsMap() || node.IsSequence();
  if (shared && mark.line >= 0) {
    if (auto it = memo.find(key); it != memo.end()) return it->second;
  }
  size_t size = 1;
  if (node.IsMap()) {
    for (const auto& item : node) size += 1 + ExpandedSize(item.second, memo, depth + 1, limits);
  } else if (node.IsSequence()) {
    for (const auto& item : node) size += ExpandedSize(item, memo, depth + 1, limits);
  }
  size = std::min(size, limits.max_elements + 1);  // saturate: the caller only compares
  if (shared && mark.line >= 0) memo[key] = size;
  return size;
}

// Iterative conversion (an explicit stack), so the document's depth cannot overflow ours.
json Convert(const YAML::Node& root, const YamlLimits& limits) {
  struct Frame {
    YAML::Node node;
    json* target;
    size_t depth;
  };
  json out;
  std::vector<Frame> stack{{root, &out, 0}};
  size_t elements = 0;
  while (!stack.empty()) {
    Frame frame = stack.back();
    stack.pop_back();
    if (++elements > limits.max_elements) {
      TooLarge("more than " + std::to_string(limits.max_elements) + " values");
    }
    if (frame.depth > limits.max_depth) {
      TooLarge("nested more than " + std::to_string(limits.max_depth) + " levels");
    }
    switch (frame.node.Type()) {
      case YAML::NodeType::Map: {
        *frame.target = json::object();
        for (const auto& item : frame.node) {
          if (!item.first.IsScalar()) {
            throw Error(ErrorCode::kInvalidArgument,
                        "a key at line " + std::to_string(item.first.Mark().line + 1) +
                            " is a list or mapping; keys must be plain text");
          }
          json& slot = (*frame.target)[Utf8Text(item.first)];
          stack.push_back({item.second, &slot, frame.depth + 1});
        }
        break;
      }
      case YAML::NodeType::Sequence: {
        *frame.target = json::array();
        // Reserve first: pointers into the array must stay valid while children fill in.
        frame.target->get_ref<json::array_t&>().resize(frame.node.size());
        size_t i = 0;
        for (const auto& item : frame.node) {
          stack.push_back({item, &(*frame.target)[i++], frame.depth + 1});
        }
        break;
      }
      case YAML::NodeType::Scalar: *frame.target = Scalar(frame.node); break;
      default: *frame.target = nullptr;
    }
  }
  return out;
}

void Emit(YAML::Emitter& out, const json& j) {
  if (j.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [k, v] : j.items()) {
      out << YAML::Key << k << YAML::Value;
      Emit(out, v);
    }
    out << YAML::EndMap;
  } else if (j.is_array()) {
    out << YAML::BeginSeq;
    for (const json& v : j) Emit(out, v);
    out << YAML::EndSeq;
  } else if (j.is_null()) {
    out << YAML::Null;
  } else if (j.is_boolean()) {
    out << j.get<bool>();
  } else if (j.is_number_integer()) {
    out << j.get<int64_t>();
  } else if (j.is_number_unsigned()) {
    out << j.get<uint64_t>();
  } else if (j.is_number_float()) {
    out << j.get<double>();
  } else {
    out << YAML::DoubleQuoted << j.get<std::string>();
  }
}

}  // namespace

json YamlToJson(const std::string& text, const YamlLimits& limits) {
  // JSON holds UTF-8 only; catching other bytes here keeps every later message in our words.
  if (const auto bad = FirstInvalidUtf8(text)) {
    throw Error(ErrorCode::kInvalidArgument, "the document is not valid UTF-8 (byte " +
                                                 std::to_string(*bad) + "); save it as UTF-8");
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorCode::kInvalidArgument, "invalid YAML at line " +
                                                 std::to_string(e.mark.line + 1) + ", column " +
                                                 std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  try {
    std::map<std::pair<int, int>, size_t> memo;
    if (ExpandedSize(root, memo, 0, limits) > limits.max_elements) {
      TooLarge("more than " + std::to_string(limits.max_elements) + " values");
    }
    return Convert(root, limits);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorCode::kInvalidArgument, "invalid YAML: " + e.msg);
  }
}

std::string JsonToYaml(const json& document) {
  YAML::Emitter out;
  Emit(out, document);
  return std::string(out.c_str()) + "\n";
}

}  // namespace ff::util
