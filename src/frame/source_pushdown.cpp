#include "frame/source_pushdown.hpp"

#include <variant>

namespace ff::frame {

namespace {

using sql::Constant;
using sql::Dialect;

// Values compare exactly only within a family; across families each dialect converts in its
// own way (PostgreSQL refuses, MySQL and SQLite coerce), so such predicates stay in DuckDB.
enum class Family { kNone, kNull, kNumeric, kString, kBool, kBlob, kDateTime, kTime, kZoned };

Family FamilyOf(const DataType& t) {
  if (t.IsNumeric()) return Family::kNumeric;
  if (t.name == "String") return Family::kString;
  if (t.name == "Boolean") return Family::kBool;
  if (t.name == "Binary") return Family::kBlob;
  if (t.name == "Date") return Family::kDateTime;
  if (t.name == "Datetime") return t.time_zone.empty() ? Family::kDateTime : Family::kZoned;
  if (t.name == "Time") return Family::kTime;
  return Family::kNone;
}

// SQLite keeps dates and times as free text and booleans as integers, MySQL booleans as
// integers and has no zoned timestamps: the driver's reading of those is not the server's.
bool Pushable(Family f, Dialect d) {
  if (f == Family::kNone) return false;
  if (d == Dialect::kSqlite)
    return f == Family::kNumeric || f == Family::kString || f == Family::kBlob;
  if (d == Dialect::kMySql) return f != Family::kBool && f != Family::kZoned;
  return true;
}

std::optional<Constant> ToConstant(const Literal& l, Family& family) {
  Constant c;
  if (l.is_list) return std::nullopt;
  if (std::holds_alternative<std::monostate>(l.value)) {
    family = Family::kNull;
    return c;
  }
  if (auto* b = std::get_if<bool>(&l.value)) {
    c.type = Constant::kBool, c.boolean = *b, family = Family::kBool;
  } else if (auto* i = std::get_if<int64_t>(&l.value)) {
    c.type = Constant::kInteger, c.integer = *i, family = Family::kNumeric;
  } else if (auto* d = std::get_if<double>(&l.value)) {
    c.type = Constant::kDouble, c.real = *d, family = Family::kNumeric;
  } else {
    c.text = std::get<std::string>(l.value);
    const std::string& t = l.sql_type;
    if (t.empty())
      c.type = Constant::kString, family = Family::kString;
    else if (t == "BLOB")
      c.type = Constant::kBlob, family = Family::kBlob;
    else if (t.rfind("DECIMAL", 0) == 0)
      c.type = Constant::kDecimal, family = Family::kNumeric;
    else if (t == "DATE")
      c.type = Constant::kDate, family = Family::kDateTime;
    else if (t == "TIMESTAMP")
      c.type = Constant::kTimestamp, family = Family::kDateTime;
    else if (t == "TIMESTAMPTZ")
      c.type = Constant::kTimestampTz, family = Family::kZoned;
    else if (t == "TIME")
      c.type = Constant::kTime, family = Family::kTime;
    else
      return std::nullopt;  // intervals and anything newer
  }
  if ((std::holds_alternative<double>(l.value) || std::holds_alternative<bool>(l.value) ||
       std::holds_alternative<int64_t>(l.value)) &&
      !l.sql_type.empty()) {
    return std::nullopt;  // a cast constant: its meaning is the engine's cast
  }
  return c;
}

struct Operand {
  std::string sql;
  Family family = Family::kNone;
  const DataType* column_type = nullptr;  // set for columns
};

class Pusher {
 public:
  Pusher(const Schema& schema, Dialect dialect) : schema_(schema), dialect_(dialect) {}

  std::optional<std::string> Predicate(const Expr& e) const {
    const ExprNode& node = e.node();
    if (node.kind != Expr::Kind::kCall) return std::nullopt;
    const auto& a = node.args;
    if ((node.name == "and" || node.name == "or") && a.size() == 2) {
      auto left = Predicate(a[0]), right = Predicate(a[1]);
      if (!left || !right) return std::nullopt;
      return "(" + *left + (node.name == "and" ? " AND " : " OR ") + *right + ")";
    }
    if (node.name == "not" && a.size() == 1) {
      auto inner = Predicate(a[0]);
      return inner ? std::optional("(NOT " + *inner + ")") : std::nullopt;
    }
    if ((node.name == "is_null" || node.name == "is_not_null") && a.size() == 1) {
      auto x = Column(a[0]);
      if (!x || !Pushable(x->family, dialect_)) return std::nullopt;
      return "(" + x->sql + (node.name == "is_null" ? " IS NULL)" : " IS NOT NULL)");
    }
    if (node.name == "is_in" && a.size() >= 2) return In(a);
    if (node.name == "is_between" && a.size() >= 3) return Between(a);
    static const std::pair<const char*, const char*> kComparisons[] = {
        {"eq", "="}, {"neq", "<>"}, {"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}};
    for (const auto& [name, op] : kComparisons) {
      if (node.name == name && a.size() == 2) return Compare(a[0], op, a[1]);
    }
    return std::nullopt;
  }

 private:
  std::optional<Operand> Column(const Expr& e) const {
    if (e.kind() != Expr::Kind::kColumn) return std::nullopt;
    for (const Field& f : schema_) {
      if (f.name == e.node().name) {
        return Operand{sql::Identifier(f.name, dialect_), FamilyOf(f.dtype), &f.dtype};
      }
    }
    return std::nullopt;
  }

  std::optional<Operand> Value(const Literal& l) const {
    Family family = Family::kNone;
    auto constant = ToConstant(l, family);
    if (!constant) return std::nullopt;
    // MySQL compares strings as bytes only between binary strings: see Comparable.
    if (dialect_ == Dialect::kMySql && constant->type == Constant::kString) {
      constant->type = Constant::kBlob;
    }
    auto rendered = sql::Render(*constant, dialect_);
    if (!rendered) return std::nullopt;
    return Operand{*rendered, family, nullptr};
  }

  std::optional<Operand> Either(const Expr& e) const {
    if (e.kind() == Expr::Kind::kLiteral) return Value(e.node().literal);
    return Column(e);
  }

  // Both operands in the family they share, or nullopt; NULL joins any family.
  static std::optional<Family> Shared(Family a, Family b) {
    if (a == Family::kNull) return b == Family::kNull ? std::nullopt : std::optional(b);
    if (b == Family::kNull || a == b) return a;
    return std::nullopt;
  }

  // A column as the engine sees its values: strings compared byte-wise (as DuckDB does),
  // SQLite values converted as the driver converts them (sqlite3_column_int64/double/text).
  std::string Comparable(const Operand& o, Family family) const {
    if (!o.column_type) return o.sql;
    switch (dialect_) {
      case Dialect::kPostgres:
        // concat() prints any type as the driver reads it (char(n) keeps its padding, uuid and
        // enums their text); it turns NULL into '', which cannot drop a row DuckDB keeps.
        if (family == Family::kString) return "(concat(" + o.sql + ") COLLATE \"C\")";
        if (o.column_type->IsFloat()) return "CAST(" + o.sql + " AS double precision)";
        return o.sql;
      case Dialect::kMySql:
        if (family == Family::kString)
          return "CAST(CONVERT(" + o.sql + " USING utf8mb4) AS BINARY)";
        return o.sql;
      case Dialect::kSqlite:
        if (family == Family::kString) return "(CAST(" + o.sql + " AS TEXT) COLLATE BINARY)";
        if (family == Family::kBlob) return "CAST(" + o.sql + " AS BLOB)";  // text is not a blob
        if (o.column_type->IsInteger()) return "CAST(" + o.sql + " AS INTEGER)";
        if (family == Family::kNumeric) return "CAST(" + o.sql + " AS REAL)";
        return o.sql;
      case Dialect::kDuckDb: return o.sql;
    }
    return o.sql;
  }

  std::optional<std::string> Compare(const Expr& left, const char* op, const Expr& right) const {
    auto x = Either(left), y = Either(right);
    if (!x || !y || (!x->column_type && !y->column_type)) return std::nullopt;
    auto family = Shared(x->family, y->family);
    if (!family || !Pushable(*family, dialect_)) return std::nullopt;
    return "(" + Comparable(*x, *family) + " " + op + " " + Comparable(*y, *family) + ")";
  }

  std::optional<std::string> In(const std::vector<Expr>& a) const {
    auto x = Column(a[0]);
    if (!x || !Pushable(x->family, dialect_)) return std::nullopt;
    std::vector<Literal> items;
    for (size_t i = 1; i < a.size(); ++i) {
      if (a[i].kind() != Expr::Kind::kLiteral) return std::nullopt;
      const Literal& l = a[i].node().literal;
      if (l.is_list)
        items.insert(items.end(), l.items.begin(), l.items.end());
      else
        items.push_back(l);
    }
    if (items.empty()) return std::nullopt;
    std::string list;
    for (const Literal& l : items) {
      auto v = Value(l);
      if (!v || !Shared(x->family, v->family)) return std::nullopt;
      list += (list.empty() ? "" : ", ") + v->sql;
    }
    return "(" + Comparable(*x, x->family) + " IN (" + list + "))";
  }

  std::optional<std::string> Between(const std::vector<Expr>& a) const {
    std::string closed = "both";
    if (a.size() > 3) {
      const Literal& l = a[3].node().literal;
      if (a[3].kind() != Expr::Kind::kLiteral || !std::holds_alternative<std::string>(l.value)) {
        return std::nullopt;
      }
      closed = std::get<std::string>(l.value);
    }
    const bool low_in = closed == "both" || closed == "left";
    const bool high_in = closed == "both" || closed == "right";
    if (closed != "both" && closed != "left" && closed != "right" && closed != "none") {
      return std::nullopt;
    }
    auto low = Compare(a[0], low_in ? ">=" : ">", a[1]);
    auto high = Compare(a[0], high_in ? "<=" : "<", a[2]);
    if (!low || !high) return std::nullopt;
    return "(" + *low + " AND " + *high + ")";
  }

  const Schema& schema_;
  Dialect dialect_;
};

void Conjuncts(const Expr& e, std::vector<const Expr*>& out) {
  const ExprNode& node = e.node();
  if (node.kind == Expr::Kind::kCall && node.name == "and" && node.args.size() == 2) {
    Conjuncts(node.args[0], out);
    Conjuncts(node.args[1], out);
  } else {
    out.push_back(&e);
  }
}

}  // namespace

std::vector<std::string> PushableConjuncts(const Expr& predicate, const Schema& schema,
                                           Dialect dialect) {
  std::vector<const Expr*> terms;
  Conjuncts(predicate, terms);
  const Pusher pusher(schema, dialect);
  std::vector<std::string> out;
  for (const Expr* term : terms) {
    if (auto sql = pusher.Predicate(*term)) out.push_back(*sql);
  }
  return out;
}

}  // namespace ff::frame
