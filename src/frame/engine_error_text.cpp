#include "frame/engine_error_text.hpp"

#include <cctype>
#include <map>
#include <regex>

#include "flowfile/dtypes.hpp"

namespace ff::frame {
namespace {

// DuckDB's type name as ours ("BIGINT" -> "Int64"); literals as the type they default to.
std::string OurType(std::string duckdb_type) {
  if (duckdb_type == "INTEGER_LITERAL") return "an integer literal";
  if (duckdb_type == "STRING_LITERAL") return "a string literal";
  if (duckdb_type.starts_with("DECIMAL_LITERAL") || duckdb_type == "FLOAT_LITERAL") {
    return "a decimal literal";
  }
  // Casts report physical names: INT64 is BIGINT, and so on.
  static const std::map<std::string, std::string> kPhysical = {
      {"INT8", "TINYINT"},     {"INT16", "SMALLINT"},  {"INT32", "INTEGER"},
      {"INT64", "BIGINT"},     {"INT128", "HUGEINT"},  {"UINT8", "UTINYINT"},
      {"UINT16", "USMALLINT"}, {"UINT32", "UINTEGER"}, {"UINT64", "UBIGINT"}};
  if (auto it = kPhysical.find(duckdb_type); it != kPhysical.end()) duckdb_type = it->second;
  try {
    std::string ours = DataType::FromDuckDb(duckdb_type).ToString();
    return ours.starts_with("Unknown(") ? duckdb_type : ours;
  } catch (...) {
    return duckdb_type;
  }
}

// "Conversion Error: CSV Error on Line: 30002 ... converting column "v". Could not convert
// string "abc" to 'BIGINT'".
std::string CsvConversion(const std::smatch& line, const std::smatch& detail) {
  const std::string column = detail[1], value = detail[2], type = OurType(detail[3]);
  return "line " + line[1].str() + " of the file: column '" + column + "' holds \"" + value +
         "\", which is not a valid " + type + " (the type was inferred from the first rows). " +
         "To read it, give the type with schema_overrides={\"" + column +
         "\": ff.String} (or the type you want), infer the types from every row with "
         "infer_schema_length=None, or list the value in null_values=[\"" +
         value + "\"] if it means missing";
}

std::string NoMatchingFunction(const std::smatch& match) {
  const std::string name = match[1];
  std::string types;
  const std::string arguments = match[2];
  static const std::regex kArgument(R"(([A-Z_]+(?:\([^)]*\))?))");
  for (auto it = std::sregex_iterator(arguments.begin(), arguments.end(), kArgument);
       it != std::sregex_iterator(); ++it) {
    types += (types.empty() ? "" : ", ") + OurType((*it)[1]);
  }
  const bool is_operator = !name.empty() && !std::isalpha(static_cast<unsigned char>(name[0]));
  return std::string(is_operator ? "the operator " : "the function ") + name + " cannot take (" +
         types + "); cast a column to a matching type first, e.g. ff.col(\"x\").cast(ff.Float64)";
}

std::string FailedCast(const std::smatch& match) {
  const std::string value = match[1], type = OurType(match[2]), column = match[3];
  return "column '" + column + "' holds '" + value + "', which cannot be cast to " + type +
         "; filter such rows out first, or use .cast(ff." + type +
         ", strict=False) to turn them into null";
}

// DuckDB's "LINE 1: SELECT ..." excerpt and "Candidate functions:" lists help SQL authors,
// not users of frames; its "Binder Error: " style prefixes name its internals.
std::string Trimmed(std::string_view message) {
  std::string text(message);
  for (const char* tail : {"\nLINE ", "\n\tCandidate functions", "\nCandidate functions"}) {
    if (const auto at = text.find(tail); at != std::string::npos) text.resize(at);
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

bool IsCsvReadError(std::string_view message) {
  return message.find("CSV Error on Line") != std::string_view::npos;
}

std::string ExplainEngineError(std::string_view message) {
  const std::string text(message);
  static const std::regex kCsvLine(R"(CSV Error on Line: (\d+))");
  static const std::regex kCsvDetail(
      R"re(Error when converting column "([^"]*)"\. Could not convert string "([^"]*)" to '([A-Z0-9_]+)')re");
  static const std::regex kNoFunction(
      R"(No function matches the given name and argument types '([^(']+)\(([^']*)\)')");
  static const std::regex kCast(
      R"re(Could not convert string '([^']*)' to ([A-Z0-9_]+) when casting from source column "?([^"\n]+?)"?(\n|$))re");
  std::smatch line, detail, match;
  if (std::regex_search(text, line, kCsvLine) && std::regex_search(text, detail, kCsvDetail)) {
    return CsvConversion(line, detail);
  }
  if (std::regex_search(text, match, kNoFunction)) return NoMatchingFunction(match);
  if (std::regex_search(text, match, kCast)) return FailedCast(match);
  return Trimmed(message);
}

}  // namespace ff::frame
