// DeltaTypeFromDuckDb: DuckDB type names (as DESCRIBE prints them) -> Delta types, for the
// writer's schema. Recursive descent over STRUCT(...), MAP(...), T[] and DECIMAL(p,s).
#include <cctype>

#include "flowfile/delta.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

class TypeParser {
 public:
  explicit TypeParser(const std::string& text) : text_(text) {}

  DataTypePtr ParseAll() {
    DataTypePtr type = ParseType();
    SkipSpaces();
    if (pos_ != text_.size()) Fail("unexpected text after the type");
    return type;
  }

 private:
  [[noreturn]] void Fail(const std::string& why) const {
    throw Error(ErrorCode::kUnsupported,
                "cannot store DuckDB type '" + text_ + "' in a Delta table: " + why);
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool Eat(char ch) {
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == ch) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::string Word() {
    SkipSpaces();
    // "TIMESTAMP WITH TIME ZONE" is the one multi-word name DESCRIBE prints.
    static const std::string kTimestampTz = "TIMESTAMP WITH TIME ZONE";
    if (Upper(text_.substr(pos_, kTimestampTz.size())) == kTimestampTz) {
      pos_ += kTimestampTz.size();
      return "TIMESTAMPTZ";
    }
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    return Upper(text_.substr(start, pos_ - start));
  }

  static std::string Upper(std::string text) {
    for (char& ch : text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return text;
  }

  std::string FieldName() {
    SkipSpaces();
    if (Eat('"')) {
      std::string name;
      while (pos_ < text_.size()) {
        if (text_[pos_] == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            name += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          return name;
        }
        name += text_[pos_++];
      }
      Fail("unterminated quoted field name");
    }
    const size_t start = pos_;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  DataTypePtr ParseType() {
    DataTypePtr type = ParseBase();
    while (true) {
      SkipSpaces();
      if (text_.compare(pos_, 2, "[]") != 0) break;
      pos_ += 2;
      auto list = std::make_shared<DataType>();
      list->kind = DataType::Kind::kArray;
      list->element = type;
      type = list;
    }
    return type;
  }

  DataTypePtr ParseBase() {
    const std::string word = Word();
    auto type = std::make_shared<DataType>();
    if (word == "STRUCT") {
      type->kind = DataType::Kind::kStruct;
      if (!Eat('(')) Fail("expected '(' after STRUCT");
      do {
        StructField field;
        field.name = FieldName();
        field.type = ParseType();
        type->fields.push_back(std::move(field));
      } while (Eat(','));
      if (!Eat(')')) Fail("expected ')' closing STRUCT");
      return type;
    }
    if (word == "MAP") {
      type->kind = DataType::Kind::kMap;
      if (!Eat('(')) Fail("expected '(' after MAP");
      type->key = ParseType();
      if (!Eat(',')) Fail("expected ',' in MAP");
      type->value = ParseType();
      if (!Eat(')')) Fail("expected ')' closing MAP");
      return type;
    }
    if (word == "DECIMAL") {
      type->kind = DataType::Kind::kDecimal;
      if (Eat('(')) {
        SkipSpaces();
        const size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != ')') ++pos_;
        const std::string inner = text_.substr(start, pos_ - start);
        Eat(')');
        const size_t comma = inner.find(',');
        type->precision = std::stoi(inner.substr(0, comma));
        type->scale = comma == std::string::npos ? 0 : std::stoi(inner.substr(comma + 1));
      } else {
        type->precision = 18;
        type->scale = 3;
      }
      return type;
    }
    static const std::map<std::string, std::string> kNames = {
        {"BIGINT", "long"},   {"INTEGER", "integer"},       {"SMALLINT", "short"},
        {"TINYINT", "byte"},  {"BOOLEAN", "boolean"},       {"FLOAT", "float"},
        {"DOUBLE", "double"}, {"VARCHAR", "string"},        {"BLOB", "binary"},
        {"DATE", "date"},     {"TIMESTAMPTZ", "timestamp"}, {"TIMESTAMP", "timestamp_ntz"}};
    auto it = kNames.find(word);
    if (it == kNames.end()) {
      Fail("'" + word +
           "' has no Delta equivalent (cast it to BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE or "
           "TIMESTAMP first)");
    }
    type->primitive = it->second;
    return type;
  }

  const std::string& text_;
  size_t pos_ = 0;
};

}  // namespace

DataTypePtr DeltaTypeFromDuckDb(const std::string& duckdb_type) {
  return TypeParser(duckdb_type).ParseAll();
}

}  // namespace ff::delta
