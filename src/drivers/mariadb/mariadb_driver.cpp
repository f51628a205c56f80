#include "drivers/mariadb/mariadb_driver.hpp"

#include <mysql.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/engine.hpp"
#include "engine/value_reader.hpp"
#include "flowfile/errors.hpp"
#include "util/calendar.hpp"
#include "util/sql_dialect.hpp"

namespace ff::drivers::mariadb {

namespace {

__extension__ typedef __int128 Int128;

// One client connection; closed with the object.
class Connection {
 public:
  explicit Connection(const MariaDbParams& p) : label_(p.label) {
    handle_ = mysql_init(nullptr);
    if (!handle_) throw Error(ErrorCode::kInternal, "mysql_init failed (out of memory)");
    const unsigned timeout = static_cast<unsigned>(p.connect_timeout_seconds);
    mysql_options(handle_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    if (p.ssl_enabled) {
      const my_bool enforce = 1;
      mysql_optionsv(handle_, MYSQL_OPT_SSL_ENFORCE, &enforce);
    }
    std::string password(p.password.Reveal());  // the client needs a terminated string
    MYSQL* ok = mysql_real_connect(handle_, p.host.c_str(), p.username.c_str(), password.c_str(),
                                   p.database.empty() ? nullptr : p.database.c_str(),
                                   static_cast<unsigned>(p.port.value_or(3306)), nullptr, 0);
    OPENSSL_cleanse(password.data(), password.size());
    if (!ok) {
      const unsigned code = mysql_errno(handle_);
      const std::string message = mysql_error(handle_);
      mysql_close(handle_);
      handle_ = nullptr;
      const ErrorCode kind = code == 1045 || code == 1044 ? ErrorCode::kPermissionDenied
                             : code == 1049               ? ErrorCode::kNotFound
                                                          : ErrorCode::kIo;
      throw Error(kind, "mysql '" + label_ + "': " + message);
    }
    mysql_set_character_set(handle_, "utf8mb4");
  }
  ~Connection() {
    if (handle_) mysql_close(handle_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  MYSQL* get() const { return handle_; }
  [[noreturn]] void Fail(const std::string& what) const {
    const unsigned code = mysql_errno(handle_);
    const ErrorCode kind = code == 1146                   ? ErrorCode::kNotFound
                           : code == 1045                 ? ErrorCode::kPermissionDenied
                           : code == 2006 || code == 2013 ? ErrorCode::kIo
                                                          : ErrorCode::kInvalidArgument;
    throw Error(kind, "mysql '" + label_ + "': " + what + ": " + mysql_error(handle_));
  }
  void Run(const std::string& sql) {
    if (mysql_real_query(handle_, sql.data(), sql.size()) != 0) Fail("query failed");
  }
  std::string Escape(std::string_view text) const {
    std::string out(text.size() * 2 + 1, '\0');
    out.resize(mysql_real_escape_string(handle_, out.data(), text.data(), text.size()));
    return "'" + out + "'";
  }

 private:
  std::string label_;
  MYSQL* handle_ = nullptr;
};

std::string Quoted(const std::string& name) { return sql::Identifier(name, sql::Dialect::kMySql); }

struct ColumnKind {
  duckdb_type type = DUCKDB_TYPE_VARCHAR;
  uint8_t width = 0, scale = 0;  // DECIMAL
};

ColumnKind KindFor(const MYSQL_FIELD& f) {
  const bool is_unsigned = (f.flags & UNSIGNED_FLAG) != 0;
  ColumnKind k;
  switch (f.type) {
    case MYSQL_TYPE_TINY:
      k.type = f.length == 1 ? DUCKDB_TYPE_BOOLEAN
               : is_unsigned ? DUCKDB_TYPE_UTINYINT
                             : DUCKDB_TYPE_TINYINT;
      break;
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_YEAR:
      k.type = is_unsigned ? DUCKDB_TYPE_USMALLINT : DUCKDB_TYPE_SMALLINT;
      break;
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG: k.type = is_unsigned ? DUCKDB_TYPE_UINTEGER : DUCKDB_TYPE_INTEGER; break;
    case MYSQL_TYPE_LONGLONG:
      k.type = is_unsigned ? DUCKDB_TYPE_UBIGINT : DUCKDB_TYPE_BIGINT;
      break;
    case MYSQL_TYPE_FLOAT: k.type = DUCKDB_TYPE_FLOAT; break;
    case MYSQL_TYPE_DOUBLE: k.type = DUCKDB_TYPE_DOUBLE; break;
    case MYSQL_TYPE_NEWDECIMAL:
    case MYSQL_TYPE_DECIMAL: {
      // Display length counts the digits, a point when there are decimals and a sign.
      const unsigned digits =
          static_cast<unsigned>(f.length) - (f.decimals > 0 ? 1 : 0) - (is_unsigned ? 0 : 1);
      if (digits >= 1 && digits <= 38) {
        k.type = DUCKDB_TYPE_DECIMAL;
        k.width = static_cast<uint8_t>(std::max(digits, static_cast<unsigned>(f.decimals)));
        k.scale = static_cast<uint8_t>(f.decimals);
      } else {
        k.type = DUCKDB_TYPE_DOUBLE;
      }
      break;
    }
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE: k.type = DUCKDB_TYPE_DATE; break;
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_TIMESTAMP: k.type = DUCKDB_TYPE_TIMESTAMP; break;
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_VARCHAR:
      k.type = f.charsetnr == 63 ? DUCKDB_TYPE_BLOB : DUCKDB_TYPE_VARCHAR;
      break;
    default: k.type = DUCKDB_TYPE_VARCHAR;
  }
  return k;
}

duckdb_logical_type LogicalFor(const ColumnKind& k) {
  if (k.type == DUCKDB_TYPE_DECIMAL) return duckdb_create_decimal_type(k.width, k.scale);
  return duckdb_create_logical_type(k.type);
}

// Decimal text -> unscaled integer with `scale` digits after the point.
bool ScaledDecimal(const char* text, unsigned long length, uint8_t scale, Int128& out) {
  Int128 value = 0;
  bool negative = false, point = false;
  int fraction = 0;
  for (unsigned long i = 0; i < length; ++i) {
    const char c = text[i];
    if (i == 0 && (c == '-' || c == '+')) {
      negative = c == '-';
    } else if (c == '.') {
      point = true;
    } else if (c >= '0' && c <= '9') {
      if (point && fraction >= scale) continue;  // more digits than the type keeps
      value = value * 10 + (c - '0');
      if (point) ++fraction;
    } else {
      return false;
    }
  }
  while (fraction++ < scale) value *= 10;
  out = negative ? -value : value;
  return true;
}

class MariaDbStream : public RowStream {
 public:
  MariaDbStream(const MariaDbParams& params, const std::string& sql, std::vector<ColumnKind> kinds)
      : connection_(params), kinds_(std::move(kinds)) {
    connection_.Run(sql);
    result_ = mysql_use_result(connection_.get());
    if (!result_) connection_.Fail("reading rows");
  }
  ~MariaDbStream() override {
    if (result_) mysql_free_result(result_);
  }

  idx_t Fill(duckdb_data_chunk chunk) override {
    const idx_t capacity = duckdb_vector_size();
    // Vectors and their data pointers once per chunk, not once per value.
    std::vector<duckdb_vector> vectors(kinds_.size());
    std::vector<void*> data(kinds_.size());
    for (idx_t c = 0; c < kinds_.size(); ++c) {
      vectors[c] = duckdb_data_chunk_get_vector(chunk, c);
      data[c] = duckdb_vector_get_data(vectors[c]);
    }
    idx_t row = 0;
    while (!done_ && row < capacity) {
      MYSQL_ROW values = mysql_fetch_row(result_);
      if (!values) {
        if (mysql_errno(connection_.get()) != 0) connection_.Fail("reading rows");
        done_ = true;
        break;
      }
      const unsigned long* lengths = mysql_fetch_lengths(result_);
      for (idx_t c = 0; c < kinds_.size(); ++c) {
        Write(vectors[c], data[c], kinds_[c], row, values[c], lengths[c]);
      }
      ++row;
    }
    duckdb_data_chunk_set_size(chunk, row);
    return row;
  }

 private:
  static void SetNull(duckdb_vector v, idx_t row) {
    duckdb_vector_ensure_validity_writable(v);
    duckdb_validity_set_row_invalid(duckdb_vector_get_validity(v), row);
  }

  // The text protocol sends numbers in decimal; from_chars parses them in place.
  template <typename T>
  static bool Parse(const char* text, unsigned long length, T& out) {
    const char* end = text + length;
    if (text != end && *text == '+') ++text;
    return std::from_chars(text, end, out).ec == std::errc();
  }

  // Digits at text[from, from + count) as a number, or -1.
  static int Digits(const char* text, unsigned long length, unsigned long from, unsigned count) {
    if (from + count > length) return -1;
    int value = 0;
    for (unsigned i = 0; i < count; ++i) {
      const char c = text[from + i];
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  // "YYYY-MM-DD[ HH:MM:SS[.ffffff]]" as days and microseconds of the day; false for MySQL's
  // zero dates and anything else.
  static bool ParseDateTime(const char* text, unsigned long length, int64_t& days,
                            int64_t& micros) {
    const int y = Digits(text, length, 0, 4), mo = Digits(text, length, 5, 2),
              d = Digits(text, length, 8, 2);
    if (y < 0 || mo < 1 || d < 1 || length < 10 || text[4] != '-' || text[7] != '-') return false;
    days = calendar::DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    micros = 0;
    if (length >= 19) {
      const int h = Digits(text, length, 11, 2), mi = Digits(text, length, 14, 2),
                sec = Digits(text, length, 17, 2);
      if (h < 0 || mi < 0 || sec < 0) return false;
      micros = ((int64_t{h} * 60 + mi) * 60 + sec) * 1000000LL;
      if (length > 20 && text[19] == '.') {
        int64_t fraction = 0;
        unsigned long i = 20;
        for (int place = 0; place < 6; ++place, ++i) {
          const bool digit = i < length && text[i] >= '0' && text[i] <= '9';
          fraction = fraction * 10 + (digit ? text[i] - '0' : 0);
        }
        micros += fraction;
      }
    }
    return true;
  }

  static void Write(duckdb_vector v, void* data, const ColumnKind& k, idx_t row, const char* text,
                    unsigned long length) {
    if (!text) return SetNull(v, row);
    bool ok = true;
    switch (k.type) {
      case DUCKDB_TYPE_BOOLEAN: {
        int64_t value = 0;
        ok = Parse(text, length, value);
        static_cast<bool*>(data)[row] = value != 0;
        break;
      }
      case DUCKDB_TYPE_TINYINT: ok = Parse(text, length, static_cast<int8_t*>(data)[row]); break;
      case DUCKDB_TYPE_UTINYINT: ok = Parse(text, length, static_cast<uint8_t*>(data)[row]); break;
      case DUCKDB_TYPE_SMALLINT: ok = Parse(text, length, static_cast<int16_t*>(data)[row]); break;
      case DUCKDB_TYPE_USMALLINT:
        ok = Parse(text, length, static_cast<uint16_t*>(data)[row]);
        break;
      case DUCKDB_TYPE_INTEGER: ok = Parse(text, length, static_cast<int32_t*>(data)[row]); break;
      case DUCKDB_TYPE_UINTEGER: ok = Parse(text, length, static_cast<uint32_t*>(data)[row]); break;
      case DUCKDB_TYPE_BIGINT: ok = Parse(text, length, static_cast<int64_t*>(data)[row]); break;
      case DUCKDB_TYPE_UBIGINT: ok = Parse(text, length, static_cast<uint64_t*>(data)[row]); break;
      case DUCKDB_TYPE_FLOAT: ok = Parse(text, length, static_cast<float*>(data)[row]); break;
      case DUCKDB_TYPE_DOUBLE: ok = Parse(text, length, static_cast<double*>(data)[row]); break;
      case DUCKDB_TYPE_DECIMAL: {
        Int128 value = 0;
        if (!ScaledDecimal(text, length, k.scale, value)) return SetNull(v, row);
        if (k.width <= 4) {
          static_cast<int16_t*>(data)[row] = static_cast<int16_t>(value);
        } else if (k.width <= 9) {
          static_cast<int32_t*>(data)[row] = static_cast<int32_t>(value);
        } else if (k.width <= 18) {
          static_cast<int64_t*>(data)[row] = static_cast<int64_t>(value);
        } else {
          duckdb_hugeint h;
          h.lower = static_cast<uint64_t>(value);
          h.upper = static_cast<int64_t>(value >> 64);
          static_cast<duckdb_hugeint*>(data)[row] = h;
        }
        break;
      }
      case DUCKDB_TYPE_DATE:
      case DUCKDB_TYPE_TIMESTAMP: {
        int64_t days = 0, micros = 0;
        if (!ParseDateTime(text, length, days, micros)) return SetNull(v, row);
        if (k.type == DUCKDB_TYPE_DATE) {
          static_cast<int32_t*>(data)[row] = static_cast<int32_t>(days);
        } else {
          static_cast<int64_t*>(data)[row] = days * 86400000000LL + micros;
        }
        break;
      }
      default: duckdb_vector_assign_string_element_len(v, row, text, length);
    }
    if (!ok) SetNull(v, row);  // a value the column type cannot hold (e.g. inf, NaN text)
  }

  Connection connection_;
  std::vector<ColumnKind> kinds_;
  MYSQL_RES* result_ = nullptr;
  bool done_ = false;
};

class MariaDbSource : public TableSource {
 public:
  MariaDbSource(MariaDbParams params, MariaDbReadSpec spec)
      : params_(std::move(params)), spec_(std::move(spec)) {}

  std::vector<SourceColumn> Columns() override {
    Connection connection(params_);
    if (mysql_real_query(connection.get(),
                         ("SELECT * FROM (" + Base() + ") AS ff_q LIMIT 0").c_str(),
                         ("SELECT * FROM (" + Base() + ") AS ff_q LIMIT 0").size()) != 0) {
      if (mysql_errno(connection.get()) == 1146 && !spec_.table.empty()) {
        ThrowUnknownName("table in mysql '" + params_.label + "'", spec_.table,
                         TableNames(connection));
      }
      connection.Fail("describing the query");
    }
    MYSQL_RES* result = mysql_store_result(connection.get());
    if (!result) connection.Fail("describing the query");
    const unsigned count = mysql_num_fields(result);
    MYSQL_FIELD* fields = mysql_fetch_fields(result);
    names_.clear();
    kinds_.clear();
    std::vector<SourceColumn> out;
    for (unsigned i = 0; i < count; ++i) {
      names_.emplace_back(fields[i].name);
      kinds_.push_back(KindFor(fields[i]));
      out.emplace_back(names_.back(), LogicalFor(kinds_.back()));
    }
    mysql_free_result(result);
    return out;
  }

  std::unique_ptr<RowStream> Open(const std::vector<idx_t>& projected) override {
    if (kinds_.empty()) Columns();
    std::string list;
    std::vector<ColumnKind> kinds;
    if (projected.empty()) {
      list = "*";
      kinds = kinds_;
    } else {
      for (idx_t p : projected) {
        list += (list.empty() ? "" : ", ") + Quoted(names_.at(p));
        kinds.push_back(kinds_.at(p));
      }
    }
    return std::make_unique<MariaDbStream>(
        params_, "SELECT " + list + " FROM (" + Base() + ") AS ff_q", std::move(kinds));
  }

  std::string Describe() const override {
    return "mysql '" + params_.label +
           "': " + (spec_.query.empty() ? "table " + spec_.table : "query " + spec_.query);
  }

  static std::vector<std::string> TableNames(Connection& connection) {
    std::vector<std::string> names;
    if (mysql_query(connection.get(), "SHOW TABLES") != 0) return names;
    MYSQL_RES* result = mysql_store_result(connection.get());
    if (!result) return names;
    while (MYSQL_ROW row = mysql_fetch_row(result)) names.emplace_back(row[0]);
    mysql_free_result(result);
    return names;
  }

 private:
  std::string Base() const {
    return spec_.query.empty() ? "SELECT * FROM " + Quoted(spec_.table) : spec_.query;
  }
  MariaDbParams params_;
  MariaDbReadSpec spec_;
  std::vector<std::string> names_;
  std::vector<ColumnKind> kinds_;
};

std::string MySqlTypeFor(const std::string& t) {
  if (t == "BOOLEAN") return "BOOLEAN";
  if (t == "TINYINT" || t == "SMALLINT" || t == "INTEGER" || t == "BIGINT")
    return t == "INTEGER" ? "INT" : t;
  if (t == "UTINYINT") return "TINYINT UNSIGNED";
  if (t == "USMALLINT") return "SMALLINT UNSIGNED";
  if (t == "UINTEGER") return "INT UNSIGNED";
  if (t == "UBIGINT") return "BIGINT UNSIGNED";
  if (t == "FLOAT") return "FLOAT";
  if (t == "DOUBLE") return "DOUBLE";
  if (t.starts_with("DECIMAL")) return t;
  if (t == "DATE") return "DATE";
  if (t.starts_with("TIMESTAMP")) return "DATETIME(6)";
  if (t == "BLOB") return "LONGBLOB";
  return "LONGTEXT";
}

std::string LiteralFor(const Value& v, const Connection& connection) {
  switch (v.kind) {
    case Value::Kind::kNull: return "NULL";
    case Value::Kind::kBool: return v.boolean ? "1" : "0";
    case Value::Kind::kInt: return std::to_string(v.integer);
    case Value::Kind::kUInt: return std::to_string(v.unsigned_integer);
    case Value::Kind::kDouble: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v.floating);
      return buf;
    }
    case Value::Kind::kDecimal: return v.text;
    case Value::Kind::kString:
    case Value::Kind::kBinary: return connection.Escape(v.text);
    case Value::Kind::kDatetime: {
      Value naive = v;
      naive.utc = false;
      return connection.Escape(naive.ToString());
    }
    default: return connection.Escape(v.ToString());
  }
}

}  // namespace

std::shared_ptr<TableSource> OpenMariaDbSource(const MariaDbParams& params,
                                               const MariaDbReadSpec& spec) {
  return std::make_shared<MariaDbSource>(params.Clone(), spec);
}

std::vector<std::string> ListMariaDbTables(const MariaDbParams& params) {
  Connection connection(params);
  return MariaDbSource::TableNames(connection);
}

WriteResult WriteMariaDb(const MariaDbParams& params, duckdb_connection conn,
                         const std::string& select_sql, const WriteTarget& target) {
  const auto columns = engine::Connection::DescribeOn(conn, select_sql);
  Connection connection(params);
  WriteResult result;
  const auto existing = MariaDbSource::TableNames(connection);
  const bool exists = std::find(existing.begin(), existing.end(), target.table) != existing.end();
  if (exists && target.if_exists == IfExists::kFail) {
    throw Error(ErrorCode::kAlreadyExists,
                "mysql table '" + target.table +
                    "' already exists (if_exists='fail'); use 'append' or 'replace'");
  }
  // `replace` fills a fresh table and swaps it in at the end: DDL commits implicitly in MySQL.
  const bool swap = exists && target.if_exists == IfExists::kReplace;
  const std::string table = swap ? target.table + "__ff_new" : target.table;
  std::string ddl, names;
  for (const auto& c : columns) {
    ddl += (ddl.empty() ? "" : ", ") + Quoted(c.name) + " " + MySqlTypeFor(c.type);
    names += (names.empty() ? "" : ", ") + Quoted(c.name);
  }
  if (swap) connection.Run("DROP TABLE IF EXISTS " + Quoted(table));
  if (!exists || swap) {
    connection.Run("CREATE TABLE " + Quoted(table) + " (" + ddl + ")");
    result.table_created = true;
  }
  try {
    connection.Run("START TRANSACTION");
    duckdb_result rows;
    if (duckdb_query(conn, select_sql.c_str(), &rows) != DuckDBSuccess) {
      const std::string message =
          duckdb_result_error(&rows) ? duckdb_result_error(&rows) : "query failed";
      duckdb_destroy_result(&rows);
      throw Error(ErrorCode::kEngine, message);
    }
    std::string batch;
    size_t batch_rows = 0;
    auto flush = [&] {
      if (batch_rows == 0) return;
      connection.Run("INSERT INTO " + Quoted(table) + " (" + names + ") VALUES " + batch);
      batch.clear();
      batch_rows = 0;
    };
    try {
      for (;;) {
        duckdb_data_chunk chunk = duckdb_fetch_chunk(rows);
        if (!chunk) break;
        engine::Chunk owned(chunk);
        for (const std::vector<Value>& values : engine::ChunkRows(chunk)) {
          std::string tuple = "(";
          for (size_t c = 0; c < values.size(); ++c) {
            tuple += (c ? "," : "") + LiteralFor(values[c], connection);
          }
          batch += (batch_rows ? "," : "") + tuple + ")";
          ++batch_rows;
          ++result.rows_written;
          if (batch.size() > (1u << 20)) flush();
        }
      }
      flush();
    } catch (...) {
      duckdb_destroy_result(&rows);
      throw;
    }
    duckdb_destroy_result(&rows);
    connection.Run("COMMIT");
  } catch (...) {
    mysql_query(connection.get(), "ROLLBACK");
    if (swap) mysql_query(connection.get(), ("DROP TABLE IF EXISTS " + Quoted(table)).c_str());
    throw;
  }
  if (swap) {
    const std::string old = target.table + "__ff_old";
    connection.Run("DROP TABLE IF EXISTS " + Quoted(old));
    connection.Run("RENAME TABLE " + Quoted(target.table) + " TO " + Quoted(old) + ", " +
                   Quoted(table) + " TO " + Quoted(target.table));
    connection.Run("DROP TABLE " + Quoted(old));
  }
  return result;
}

}  // namespace ff::drivers::mariadb
