// File reads: DuckDB's own readers (read_parquet, read_csv, read_json) with Polars' option
// names translated. Globs and lists of paths are passed through; DuckDB expands them.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"
#include "frame/node_sql_helpers.hpp"

namespace ff::frame {

using engine::Ident;
using engine::Quote;
using nlohmann::json;

namespace {

std::string PathList(const json& paths) {
  std::string out = "[";
  bool first = true;
  for (const auto& p : paths) {
    out += (first ? "" : ", ") + Quote(p.get<std::string>());
    first = false;
  }
  return out + "]";
}

// The number of fields on the first data line of a local CSV file (after `skip` lines), or 0
// when the path is a glob, remote, or unreadable.
size_t FieldCount(const std::string& path, char separator, char quote, int64_t skip) {
  if (path.find_first_of("*?[") != std::string::npos || path.find("://") != std::string::npos)
    return 0;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return 0;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (int64_t i = 0; i < skip; ++i) std::getline(in, line);
  if (!std::getline(in, line)) return 0;
  size_t fields = 1;
  bool quoted = false;
  for (char c : line) {
    if (c == quote) quoted = !quoted;
    if (c == separator && !quoted) ++fields;
  }
  return fields;
}

// Polars names the columns of a headerless file column_1, column_2, ...; DuckDB would say
// column0, column1. Empty when the column count cannot be known without DuckDB's sniffer.
std::string HeaderlessNames(const json& paths, const json& o) {
  if (!o.contains("has_header") || o.at("has_header").get<bool>() || paths.empty()) return "";
  const std::string separator = o.value("separator", std::string(","));
  const bool has_quote = o.contains("quote_char") && !o.at("quote_char").is_null() &&
                         !o.at("quote_char").get<std::string>().empty();
  const char quote = has_quote ? o.at("quote_char").get<std::string>()[0] : '\0';
  const int64_t skip = o.contains("skip_rows") ? o.at("skip_rows").get<int64_t>() : 0;
  if (separator.size() != 1) return "";
  const size_t count = FieldCount(paths.at(0).get<std::string>(), separator[0], quote, skip);
  if (count == 0) return "";
  std::string names = ", names = [";
  for (size_t i = 1; i <= count; ++i) {
    names += (i > 1 ? ", " : "") + Quote("column_" + std::to_string(i));
  }
  return names + "]";
}

// DuckDB's reader knows three encodings by exact name; users write them many ways
// ("utf8", "UTF-8", "latin1", "ISO-8859-1").
std::string CsvEncoding(const json& value) {
  const std::string given = value.get<std::string>();
  std::string key;
  for (char c : given) {
    if (c != '-' && c != '_') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (key == "utf8" || key == "utf8lossy") return "utf-8";
  if (key == "latin1" || key == "iso88591" || key == "l1") return "latin-1";
  if (key == "utf16") return "utf-16";
  throw Error(ErrorCode::kInvalidArgument,
              "read_csv: encoding '" + given +
                  "' is not supported; expected utf8, latin1 (ISO-8859-1) or utf16");
}

std::string CsvOptions(const json& o) {
  std::string out;
  auto add = [&out](const std::string& text) { out += ", " + text; };
  if (o.contains("separator")) add("delim = " + Quote(o.at("separator").get<std::string>()));
  if (o.contains("has_header"))
    add(std::string("header = ") + (o.at("has_header").get<bool>() ? "true" : "false"));
  if (o.contains("quote_char") && !o.at("quote_char").is_null()) {
    add("quote = " + Quote(o.at("quote_char").get<std::string>()));
  }
  if (o.contains("skip_rows") && o.at("skip_rows").get<int64_t>() > 0) {
    add("skip = " + std::to_string(o.at("skip_rows").get<int64_t>()));
  }
  if (o.contains("null_values") && !o.at("null_values").is_null()) {
    // DuckDB's nullstr replaces its default (the empty field); Polars keeps reading empty
    // fields as null beside the values given.
    std::string list = "[''";
    for (const auto& v : o.at("null_values")) {
      if (!v.get<std::string>().empty()) list += ", " + Quote(v.get<std::string>());
    }
    add("nullstr = " + list + "]");
  }
  if (o.contains("encoding")) add("encoding = " + Quote(CsvEncoding(o.at("encoding"))));
  if (o.contains("schema_overrides") && !o.at("schema_overrides").empty()) {
    std::string types = "{";
    bool first = true;
    for (const auto& [name, type] : o.at("schema_overrides").items()) {
      types += (first ? "" : ", ") + Quote(name) + ": " + Quote(type.get<std::string>());
      first = false;
    }
    add("types = " + types + "}");
  }
  if (o.contains("infer_schema_length") && !o.at("infer_schema_length").is_null() &&
      o.at("infer_schema_length").get<int64_t>() == 0) {
    add("all_varchar = true");  // Polars: no rows to infer from reads every column as String
  } else if (o.contains("infer_schema_length") && !o.at("infer_schema_length").is_null()) {
    add("sample_size = " + std::to_string(o.at("infer_schema_length").get<int64_t>()));
  } else if (o.contains("infer_schema_length")) {
    add("sample_size = -1");
  }
  if (o.value("ignore_errors", false)) add("ignore_errors = true");
  if (o.value("truncate_ragged_lines", false)) add("null_padding = true");
  return out;
}

}  // namespace

std::string ReadSql(const PlanNode& node, const std::vector<std::string>&) {
  const json& p = node.params;
  const std::string format = p.at("format").get<std::string>();
  const json options = p.value("options", json::object());
  const std::string paths = PathList(p.at("paths"));
  std::string call;
  if (format == "parquet") {
    call = "read_parquet(" + paths + ", union_by_name = true";
    if (options.value("hive_partitioning", false)) call += ", hive_partitioning = true";
    call += ")";
  } else if (format == "csv") {
    call = "read_csv(" + paths + ", union_by_name = true" + CsvOptions(options) +
           HeaderlessNames(p.at("paths"), options) + ")";
  } else if (format == "json") {
    call = "read_json(" + paths + ", format = 'array')";
  } else if (format == "delta") {
    return DeltaReadSql(node);
  } else if (format == "ndjson") {
    call = "read_json(" + paths + ", format = 'newline_delimited')";
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                "read: unknown format '" + format + "' (expected parquet, csv, json or ndjson)");
  }
  std::string sql = "SELECT * FROM " + call;
  if (options.contains("n_rows") && !options.at("n_rows").is_null()) {
    sql += " LIMIT " + std::to_string(options.at("n_rows").get<int64_t>());
  }
  return sql;
}

}  // namespace ff::frame
