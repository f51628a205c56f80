#include "util/sql_dialect.hpp"

#include <cmath>
#include <cstdio>

#include "flowfile/errors.hpp"

namespace ff::sql {

namespace {

std::string Doubled(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}

void RefuseNul(std::string_view text, const char* what, Dialect dialect) {
  if (text.find('\0') == std::string_view::npos) return;
  throw Error(ErrorCode::kInvalidArgument, std::string(what) + " holding a NUL byte cannot be " +
                                               "written in " + DialectName(dialect) + " SQL");
}

std::string Hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

bool IsDecimalText(std::string_view text) {
  size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  size_t digits = 0, dots = 0;
  for (; i < text.size(); ++i) {
    if (text[i] == '.' && dots++ == 0 && digits > 0) continue;
    if (text[i] < '0' || text[i] > '9') return false;
    ++digits;
  }
  return digits > 0 && text.back() != '.';
}

size_t SignificantDigits(std::string_view text) {
  const size_t first = text.find_first_not_of("-0.");
  if (first == std::string_view::npos) return 0;
  size_t digits = 0;
  for (size_t i = first; i < text.size(); ++i) digits += text[i] != '.';
  return digits;
}

// Dates, times and timestamps as Python and the engine print them: digits and separators
// only, so that no server reads a word such as 'now' or 'epoch' into a moving value.
bool IsTemporalText(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool ok = (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.' || c == ' ' ||
                    c == '+' || c == 'T';
    if (!ok) return false;
  }
  return true;
}

std::string Printed(double value, const char* format) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::optional<std::string> Double(double value, Dialect dialect) {
  if (!std::isfinite(value)) return std::nullopt;
  switch (dialect) {
    case Dialect::kDuckDb: return "CAST(" + Printed(value, "%.17g") + " AS DOUBLE)";
    case Dialect::kPostgres: return "CAST('" + Printed(value, "%.17g") + "' AS double precision)";
    // An exponent makes MySQL read an approximate (double) value, not an exact DECIMAL.
    case Dialect::kMySql:
    case Dialect::kSqlite: return Printed(value, "%.17e");
  }
  return std::nullopt;
}

std::optional<std::string> Decimal(const std::string& text, Dialect dialect) {
  if (!IsDecimalText(text)) return std::nullopt;
  const size_t dot = text.find('.');
  const size_t scale = dot == std::string::npos ? 0 : text.size() - dot - 1;
  switch (dialect) {
    case Dialect::kDuckDb:
      if (SignificantDigits(text) > 38 || scale > 38) return std::nullopt;
      return "CAST('" + text + "' AS DECIMAL(38," + std::to_string(scale) + "))";
    case Dialect::kPostgres: return "CAST('" + text + "' AS numeric)";
    case Dialect::kMySql: return SignificantDigits(text) <= 65 ? std::optional(text) : std::nullopt;
    // SQLite reads the digits as a double: exact only within a double's precision.
    case Dialect::kSqlite:
      return SignificantDigits(text) <= 15 ? std::optional(text) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> Blob(std::string_view bytes, Dialect dialect) {
  switch (dialect) {
    case Dialect::kDuckDb: return "from_hex('" + Hex(bytes) + "')";
    case Dialect::kPostgres: return "decode('" + Hex(bytes) + "', 'hex')";
    case Dialect::kMySql:
    case Dialect::kSqlite: return "X'" + Hex(bytes) + "'";
  }
  return std::nullopt;
}

std::optional<std::string> Temporal(const Constant& c, Dialect dialect) {
  if (!IsTemporalText(c.text) || dialect == Dialect::kSqlite) return std::nullopt;
  const std::string quoted = "'" + c.text + "'";
  switch (c.type) {
    case Constant::kDate: return "DATE " + quoted;
    case Constant::kTime: return "TIME " + quoted;
    case Constant::kTimestamp: return "TIMESTAMP " + quoted;
    case Constant::kTimestampTz:
      if (dialect == Dialect::kMySql) return std::nullopt;  // no zoned type in MySQL
      return dialect == Dialect::kPostgres ? "TIMESTAMP WITH TIME ZONE " + quoted
                                           : "TIMESTAMPTZ " + quoted;
    default: return std::nullopt;
  }
}

}  // namespace

const char* DialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kDuckDb: return "duckdb";
    case Dialect::kPostgres: return "postgresql";
    case Dialect::kMySql: return "mysql";
    case Dialect::kSqlite: return "sqlite";
  }
  return "unknown";
}

std::string Identifier(std::string_view name, Dialect dialect) {
  RefuseNul(name, "a name", dialect);
  return Doubled(name, dialect == Dialect::kMySql ? '`' : '"');
}

std::string Qualified(std::string_view schema, std::string_view name, Dialect dialect) {
  if (schema.empty()) return Identifier(name, dialect);
  return Identifier(schema, dialect) + "." + Identifier(name, dialect);
}

std::string String(std::string_view text, Dialect dialect) {
  if (dialect == Dialect::kMySql) return "_utf8mb4 X'" + Hex(text) + "'";
  RefuseNul(text, "a text value", dialect);
  // E'' strings read backslashes the same way whatever standard_conforming_strings says.
  if (dialect == Dialect::kPostgres && text.find('\\') != std::string_view::npos) {
    std::string escaped;
    for (char c : text) escaped += c == '\\' ? std::string("\\\\") : std::string(1, c);
    return "E" + Doubled(escaped, '\'');
  }
  return Doubled(text, '\'');
}

std::optional<std::string> Render(const Constant& c, Dialect dialect) {
  const bool integers_for_booleans = dialect == Dialect::kMySql || dialect == Dialect::kSqlite;
  switch (c.type) {
    case Constant::kNull: return "NULL";
    case Constant::kBool:
      if (integers_for_booleans) return std::nullopt;
      return std::string(c.boolean ? "TRUE" : "FALSE");
    case Constant::kInteger: return std::to_string(c.integer);
    case Constant::kDouble: return Double(c.real, dialect);
    case Constant::kDecimal: return Decimal(c.text, dialect);
    case Constant::kString:
      if (dialect != Dialect::kMySql && c.text.find('\0') != std::string::npos) return std::nullopt;
      return String(c.text, dialect);
    case Constant::kBlob: return Blob(c.text, dialect);
    default: return Temporal(c, dialect);
  }
}

}  // namespace ff::sql
