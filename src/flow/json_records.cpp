#include "flow/json_records.hpp"

#include <map>

#include "flowfile/errors.hpp"

namespace ff::flow {

// Records keep their keys in the order the server sent them.
using OrderedJson = nlohmann::ordered_json;

namespace {

// The cells of one flattened column, row by row (null where a record lacks the key).
struct FlatColumn {
  std::string name;
  std::vector<const OrderedJson*> cells;
};

class Flattener {
 public:
  void Add(const OrderedJson& record) {
    Walk(record, "");
    ++rows_;
    for (FlatColumn& c : columns_) c.cells.resize(rows_, nullptr);
  }
  std::vector<FlatColumn>& columns() { return columns_; }
  size_t rows() const { return rows_; }

 private:
  // Explicit stack: a deeply nested response cannot overflow ours.
  void Walk(const OrderedJson& root, const std::string& root_prefix) {
    std::vector<std::pair<const OrderedJson*, std::string>> stack{{&root, root_prefix}};
    while (!stack.empty()) {
      auto [value, prefix] = stack.back();
      stack.pop_back();
      if (!value->is_object()) {
        Cell(prefix.empty() ? "value" : prefix) = value;
        continue;
      }
      // Reverse so keys come off the stack in document order.
      std::vector<std::pair<const OrderedJson*, std::string>> children;
      for (auto it = value->begin(); it != value->end(); ++it) {
        children.emplace_back(&it.value(), prefix.empty() ? it.key() : prefix + "." + it.key());
      }
      stack.insert(stack.end(), children.rbegin(), children.rend());
    }
  }

  const OrderedJson*& Cell(const std::string& name) {
    auto [it, added] = index_.emplace(name, columns_.size());
    if (added) columns_.push_back({name, std::vector<const OrderedJson*>(rows_ + 1, nullptr)});
    FlatColumn& c = columns_[it->second];
    if (c.cells.size() < rows_ + 1) c.cells.resize(rows_ + 1, nullptr);
    return c.cells[rows_];
  }

  std::vector<FlatColumn> columns_;
  std::map<std::string, size_t> index_;
  size_t rows_ = 0;
};

enum class Kind { kNone, kBool, kInt, kFloat, kString, kList, kText };

Kind ScalarKind(const OrderedJson& v) {
  if (v.is_boolean()) return Kind::kBool;
  if (v.is_number_integer()) return Kind::kInt;
  if (v.is_number_float()) return Kind::kFloat;
  if (v.is_string()) return Kind::kString;
  return Kind::kText;
}

Kind Merge(Kind a, Kind b) {
  if (a == Kind::kNone || a == b) return b;
  if ((a == Kind::kInt && b == Kind::kFloat) || (a == Kind::kFloat && b == Kind::kInt)) {
    return Kind::kFloat;
  }
  return Kind::kText;
}

// The kind of an array's items when they are scalars of one kind; kText otherwise.
Kind ItemKind(const OrderedJson& array) {
  Kind kind = Kind::kNone;
  for (const OrderedJson& item : array) {
    if (item.is_null()) continue;
    kind = Merge(kind, ScalarKind(item));
  }
  return kind;
}

Value Scalar(const OrderedJson& v, Kind kind) {
  Value out;
  if (v.is_null()) return out;
  switch (kind) {
    case Kind::kBool: out.kind = Value::Kind::kBool, out.boolean = v.get<bool>(); break;
    case Kind::kInt: out.kind = Value::Kind::kInt, out.integer = v.get<int64_t>(); break;
    case Kind::kFloat: out.kind = Value::Kind::kDouble, out.floating = v.get<double>(); break;
    case Kind::kString: out.kind = Value::Kind::kString, out.text = v.get<std::string>(); break;
    default:
      out.kind = Value::Kind::kString;
      out.text = v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

std::vector<Value> Values(const FlatColumn& column) {
  Kind kind = Kind::kNone;
  Kind items = Kind::kNone;
  for (const OrderedJson* cell : column.cells) {
    if (cell == nullptr || cell->is_null()) continue;
    if (cell->is_array()) {
      const Kind item = ItemKind(*cell);
      items = item == Kind::kNone ? items : Merge(items, item);
      kind = Merge(kind, items == Kind::kText ? Kind::kText : Kind::kList);
    } else {
      kind = Merge(kind, ScalarKind(*cell));
    }
  }
  if (kind == Kind::kList && items == Kind::kNone) kind = Kind::kText;  // only empty arrays
  std::vector<Value> out;
  out.reserve(column.cells.size());
  for (const OrderedJson* cell : column.cells) {
    if (cell == nullptr || kind != Kind::kList) {
      out.push_back(cell ? Scalar(*cell, kind) : Value{});
      continue;
    }
    Value list;
    if (!cell->is_null()) {
      list.kind = Value::Kind::kList;
      for (const OrderedJson& item : *cell) list.items.push_back(Scalar(item, items));
    }
    out.push_back(std::move(list));
  }
  return out;
}

}  // namespace

FlowFrame FrameFromRecords(const std::vector<OrderedJson>& records,
                           const std::vector<std::pair<std::string, DataType>>& fields,
                           NodeOptions options) {
  Flattener flat;
  for (const OrderedJson& record : records) flat.Add(record);
  std::vector<std::pair<std::string, std::vector<Value>>> columns;
  std::map<std::string, DataType> types;
  for (const FlatColumn& column : flat.columns()) columns.emplace_back(column.name, Values(column));
  for (const auto& [name, type] : fields) {
    bool present = false;
    for (const auto& c : columns) present = present || c.first == name;
    if (!present && records.empty()) {
      columns.emplace_back(name, std::vector<Value>{});
      types[name] = type;
    }
  }
  if (columns.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "no records and no declared fields, so the table has no columns");
  }
  return from_columns(columns, types, std::move(options));
}

}  // namespace ff::flow
