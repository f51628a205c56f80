#include "drivers/mariadb/mariadb_driver.hpp"

#include <mysql.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "drivers/connection_params.hpp"
#include "drivers/mariadb/mariadb_decode.hpp"
#include "engine/engine.hpp"
#include "engine/value_reader.hpp"
#include "flowfile/errors.hpp"
#include "util/calendar.hpp"
#include "util/sql_dialect.hpp"

namespace ff::drivers::mariadb {

namespace {

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
      mysql_options(handle_, MYSQL_OPT_SSL_ENFORCE, &enforce);
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
        WriteTextValue(vectors[c], data[c], kinds_[c], row, values[c], lengths[c]);
      }
      ++row;
    }
    duckdb_data_chunk_set_size(chunk, row);
    return row;
  }

 private:
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

std::string MariaDbServerVersion(const MariaDbParams& params) {
  Connection connection(params);
  connection.Run("SELECT version()");
  MYSQL_RES* result = mysql_store_result(connection.get());
  if (!result) throw Error(ErrorCode::kIo, "mysql '" + params.label + "': version() gave no rows");
  MYSQL_ROW row = mysql_fetch_row(result);
  std::string version = row && row[0] ? row[0] : "";
  mysql_free_result(result);
  return version;
}

MariaDbParams ParamsFromConnection(const DatabaseConnectionInfo& info, Secret password) {
  return CommonParams<MariaDbParams>(info, std::move(password));
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
