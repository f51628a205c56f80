#include "drivers/sqlite/sqlite_driver.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "engine/engine.hpp"
#include "engine/value_reader.hpp"
#include "flowfile/errors.hpp"
#include "util/calendar.hpp"
#include "util/sql_dialect.hpp"

namespace ff::drivers::sqlite {

namespace {

struct Db {
  sqlite3* handle = nullptr;
  Db(const std::string& path, bool writable, const std::string& label) {
    const int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
      const std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
      sqlite3_close(handle);
      throw Error(ErrorCode::kIo, "sqlite '" + label + "': cannot open '" + path + "': " + message);
    }
    sqlite3_busy_timeout(handle, 5000);
  }
  ~Db() { sqlite3_close(handle); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
};

struct Statement {
  sqlite3_stmt* handle = nullptr;
  ~Statement() { sqlite3_finalize(handle); }
};

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return text;
}

duckdb_type TypeForDeclared(const std::string& declared_raw) {
  const std::string d = Upper(declared_raw);
  if (d.find("INT") != std::string::npos) return DUCKDB_TYPE_BIGINT;
  if (d.find("CHAR") != std::string::npos || d.find("CLOB") != std::string::npos ||
      d.find("TEXT") != std::string::npos) {
    return DUCKDB_TYPE_VARCHAR;
  }
  if (d.find("BLOB") != std::string::npos) return DUCKDB_TYPE_BLOB;
  if (d.find("REAL") != std::string::npos || d.find("FLOA") != std::string::npos ||
      d.find("DOUB") != std::string::npos) {
    return DUCKDB_TYPE_DOUBLE;
  }
  if (d.find("BOOL") != std::string::npos) return DUCKDB_TYPE_BOOLEAN;
  if (d.find("DATETIME") != std::string::npos || d.find("TIMESTAMP") != std::string::npos) {
    return DUCKDB_TYPE_TIMESTAMP;
  }
  if (d == "DATE") return DUCKDB_TYPE_DATE;
  if (d.find("NUMERIC") != std::string::npos || d.find("DECIMAL") != std::string::npos) {
    return DUCKDB_TYPE_DOUBLE;
  }
  return DUCKDB_TYPE_INVALID;  // no declared type: decided by the first value
}

duckdb_type TypeForValue(int sqlite_type) {
  switch (sqlite_type) {
    case SQLITE_INTEGER: return DUCKDB_TYPE_BIGINT;
    case SQLITE_FLOAT: return DUCKDB_TYPE_DOUBLE;
    case SQLITE_BLOB: return DUCKDB_TYPE_BLOB;
    default: return DUCKDB_TYPE_VARCHAR;
  }
}

// "YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]" -> micros; false when it does not parse.
bool ParseTimestamp(const char* text, bool date_only, int64_t& out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, consumed = 0;
  if (std::sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  int64_t micros = calendar::DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) *
                   86400000000LL;
  if (date_only) {
    out = micros / 86400000000LL;
    return true;
  }
  const char* rest = text + consumed;
  if (*rest == 'T' || *rest == ' ') {
    double seconds = 0;
    if (std::sscanf(rest + 1, "%2d:%2d:%lf", &h, &mi, &seconds) >= 2) {
      micros += (static_cast<int64_t>(h) * 3600 + mi * 60) * 1000000LL +
                static_cast<int64_t>(seconds * 1000000.0 + 0.5);
    }
  }
  out = micros;
  return true;
}

std::string Quoted(const std::string& name) { return sql::Identifier(name, sql::Dialect::kSqlite); }

std::vector<std::string> TableNames(sqlite3* db) {
  std::vector<std::string> names;
  Statement s;
  if (sqlite3_prepare_v2(
          db, "SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name", -1,
          &s.handle, nullptr) != SQLITE_OK) {
    return names;
  }
  while (sqlite3_step(s.handle) == SQLITE_ROW) {
    names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.handle, 0)));
  }
  return names;
}

class SqliteStream : public RowStream {
 public:
  SqliteStream(const std::string& path, const std::string& label, const std::string& sql,
               std::vector<duckdb_type> types)
      : db_(path, false, label), label_(label), types_(std::move(types)) {
    if (sqlite3_prepare_v2(db_.handle, sql.c_str(), -1, &statement_.handle, nullptr) != SQLITE_OK) {
      throw Error(ErrorCode::kInvalidArgument,
                  "sqlite '" + label + "': " + sqlite3_errmsg(db_.handle));
    }
  }

  idx_t Fill(duckdb_data_chunk chunk) override {
    const idx_t capacity = duckdb_vector_size();
    idx_t row = 0;
    while (!done_ && row < capacity) {
      const int rc = sqlite3_step(statement_.handle);
      if (rc == SQLITE_DONE) {
        done_ = true;
        break;
      }
      if (rc != SQLITE_ROW) {
        throw Error(ErrorCode::kIo, "sqlite '" + label_ + "': " + sqlite3_errmsg(db_.handle));
      }
      for (idx_t c = 0; c < types_.size(); ++c)
        WriteCell(duckdb_data_chunk_get_vector(chunk, c), c, row);
      ++row;
    }
    duckdb_data_chunk_set_size(chunk, row);
    return row;
  }

 private:
  void SetNull(duckdb_vector vector, idx_t row) {
    duckdb_vector_ensure_validity_writable(vector);
    duckdb_validity_set_row_invalid(duckdb_vector_get_validity(vector), row);
  }

  void WriteCell(duckdb_vector vector, idx_t c, idx_t row) {
    sqlite3_stmt* s = statement_.handle;
    const int column = static_cast<int>(c);
    if (sqlite3_column_type(s, column) == SQLITE_NULL) return SetNull(vector, row);
    void* data = duckdb_vector_get_data(vector);
    switch (types_[c]) {
      case DUCKDB_TYPE_BIGINT:
        static_cast<int64_t*>(data)[row] = sqlite3_column_int64(s, column);
        break;
      case DUCKDB_TYPE_DOUBLE:
        static_cast<double*>(data)[row] = sqlite3_column_double(s, column);
        break;
      case DUCKDB_TYPE_BOOLEAN:
        static_cast<bool*>(data)[row] = sqlite3_column_int64(s, column) != 0;
        break;
      case DUCKDB_TYPE_DATE:
      case DUCKDB_TYPE_TIMESTAMP: {
        int64_t value = 0;
        const char* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
        if (!text || !ParseTimestamp(text, types_[c] == DUCKDB_TYPE_DATE, value))
          return SetNull(vector, row);
        if (types_[c] == DUCKDB_TYPE_DATE) {
          static_cast<int32_t*>(data)[row] = static_cast<int32_t>(value);
        } else {
          static_cast<int64_t*>(data)[row] = value;
        }
        break;
      }
      case DUCKDB_TYPE_BLOB: {
        const void* bytes = sqlite3_column_blob(s, column);
        duckdb_vector_assign_string_element_len(
            vector, row, static_cast<const char*>(bytes),
            static_cast<idx_t>(sqlite3_column_bytes(s, column)));
        break;
      }
      default: {
        const unsigned char* text = sqlite3_column_text(s, column);
        duckdb_vector_assign_string_element_len(
            vector, row, reinterpret_cast<const char*>(text),
            static_cast<idx_t>(sqlite3_column_bytes(s, column)));
      }
    }
  }

  Db db_;
  std::string label_;
  std::vector<duckdb_type> types_;
  Statement statement_;
  bool done_ = false;
};

class SqliteSource : public TableSource {
 public:
  SqliteSource(std::string path, std::string label, SqliteReadSpec spec)
      : path_(std::move(path)), label_(std::move(label)), spec_(std::move(spec)) {}

  std::vector<SourceColumn> Columns() override {
    Db db(path_, false, label_);
    Statement s;
    const std::string sql = BaseSql();
    if (sqlite3_prepare_v2(db.handle, sql.c_str(), -1, &s.handle, nullptr) != SQLITE_OK) {
      const std::string message = sqlite3_errmsg(db.handle);
      if (!spec_.table.empty() && message.find("no such table") != std::string::npos) {
        ThrowUnknownName("table in sqlite '" + label_ + "'", spec_.table, TableNames(db.handle));
      }
      throw Error(ErrorCode::kInvalidArgument, "sqlite '" + label_ + "': " + message);
    }
    const int count = sqlite3_column_count(s.handle);
    const bool has_row = sqlite3_step(s.handle) == SQLITE_ROW;
    names_.clear();
    types_.clear();
    std::vector<SourceColumn> out;
    for (int i = 0; i < count; ++i) {
      const char* declared = sqlite3_column_decltype(s.handle, i);
      duckdb_type type = TypeForDeclared(declared ? declared : "");
      if (type == DUCKDB_TYPE_INVALID) {
        type = has_row ? TypeForValue(sqlite3_column_type(s.handle, i)) : DUCKDB_TYPE_VARCHAR;
      }
      names_.emplace_back(sqlite3_column_name(s.handle, i));
      types_.push_back(type);
      out.emplace_back(names_.back(), duckdb_create_logical_type(type));
    }
    return out;
  }

  std::unique_ptr<RowStream> Open(const std::vector<idx_t>& projected) override {
    if (types_.empty()) Columns();
    std::vector<duckdb_type> types;
    std::string list;
    if (projected.empty()) {
      types = types_;
      list = "*";
    } else {
      for (idx_t p : projected) {
        list += (list.empty() ? "" : ", ") + Quoted(names_.at(p));
        types.push_back(types_.at(p));
      }
    }
    return std::make_unique<SqliteStream>(
        path_, label_, "SELECT " + list + " FROM (" + BaseSql() + ")", std::move(types));
  }

  std::string Describe() const override {
    return "sqlite '" + label_ +
           "': " + (spec_.query.empty() ? "table " + spec_.table : "query " + spec_.query);
  }

 private:
  std::string BaseSql() const {
    return spec_.query.empty() ? "SELECT * FROM " + Quoted(spec_.table) : spec_.query;
  }
  std::string path_, label_;
  SqliteReadSpec spec_;
  std::vector<std::string> names_;
  std::vector<duckdb_type> types_;
};

std::string SqliteTypeFor(const std::string& duck_type) {
  if (duck_type.find("INT") != std::string::npos) return "INTEGER";
  if (duck_type == "DOUBLE" || duck_type == "FLOAT" || duck_type.starts_with("DECIMAL"))
    return "REAL";
  if (duck_type == "BOOLEAN") return "BOOLEAN";
  if (duck_type == "BLOB") return "BLOB";
  if (duck_type == "DATE") return "DATE";
  if (duck_type.starts_with("TIMESTAMP")) return "TIMESTAMP";
  return "TEXT";
}

void Exec(sqlite3* db, const std::string& sql, const std::string& label) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw Error(ErrorCode::kIo, "sqlite '" + label + "': " + message);
  }
}

}  // namespace

std::shared_ptr<TableSource> OpenSqliteSource(const std::string& path, const std::string& label,
                                              const SqliteReadSpec& spec) {
  return std::make_shared<SqliteSource>(path, label, spec);
}

std::vector<std::string> ListSqliteTables(const std::string& path) {
  Db db(path, false, path);
  return TableNames(db.handle);
}

WriteResult WriteSqlite(const std::string& path, duckdb_connection conn,
                        const std::string& select_sql, const WriteTarget& target) {
  const std::string label = path;
  const auto columns = engine::Connection::DescribeOn(conn, select_sql);
  Db db(path, true, label);
  WriteResult result;
  Exec(db.handle, "BEGIN IMMEDIATE", label);
  try {
    const auto existing = TableNames(db.handle);
    const bool exists = std::find(existing.begin(), existing.end(), target.table) != existing.end();
    if (exists && target.if_exists == IfExists::kFail) {
      throw Error(ErrorCode::kAlreadyExists,
                  "sqlite table '" + target.table +
                      "' already exists (if_exists='fail'); use 'append' or "
                      "'replace'");
    }
    if (exists && target.if_exists == IfExists::kReplace)
      Exec(db.handle, "DROP TABLE " + Quoted(target.table), label);
    if (!exists || target.if_exists == IfExists::kReplace) {
      std::string ddl;
      for (const auto& c : columns)
        ddl += (ddl.empty() ? "" : ", ") + Quoted(c.name) + " " + SqliteTypeFor(c.type);
      Exec(db.handle, "CREATE TABLE " + Quoted(target.table) + " (" + ddl + ")", label);
      result.table_created = true;
    }
    std::string names, marks;
    for (const auto& c : columns) {
      names += (names.empty() ? "" : ", ") + Quoted(c.name);
      marks += marks.empty() ? "?" : ", ?";
    }
    Statement insert;
    const std::string sql =
        "INSERT INTO " + Quoted(target.table) + " (" + names + ") VALUES (" + marks + ")";
    if (sqlite3_prepare_v2(db.handle, sql.c_str(), -1, &insert.handle, nullptr) != SQLITE_OK) {
      throw Error(ErrorCode::kInvalidArgument,
                  "sqlite '" + label + "': " + sqlite3_errmsg(db.handle));
    }
    duckdb_result rows;
    if (duckdb_query(conn, select_sql.c_str(), &rows) != DuckDBSuccess) {
      const std::string message =
          duckdb_result_error(&rows) ? duckdb_result_error(&rows) : "query failed";
      duckdb_destroy_result(&rows);
      throw Error(ErrorCode::kEngine, message);
    }
    try {
      for (;;) {
        duckdb_data_chunk chunk = duckdb_fetch_chunk(rows);
        if (!chunk) break;
        engine::Chunk owned(chunk);
        const idx_t n = duckdb_data_chunk_get_size(chunk);
        const idx_t width = duckdb_data_chunk_get_column_count(chunk);
        for (idx_t r = 0; r < n; ++r) {
          sqlite3_reset(insert.handle);
          for (idx_t c = 0; c < width; ++c) {
            duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, c);
            duckdb_logical_type type = duckdb_vector_get_column_type(vector);
            const Value v = engine::ReadValue(vector, type, r);
            duckdb_destroy_logical_type(&type);
            const int i = static_cast<int>(c) + 1;
            switch (v.kind) {
              case Value::Kind::kNull: sqlite3_bind_null(insert.handle, i); break;
              case Value::Kind::kBool:
                sqlite3_bind_int64(insert.handle, i, v.boolean ? 1 : 0);
                break;
              case Value::Kind::kInt: sqlite3_bind_int64(insert.handle, i, v.integer); break;
              case Value::Kind::kUInt:
                sqlite3_bind_int64(insert.handle, i, static_cast<int64_t>(v.unsigned_integer));
                break;
              case Value::Kind::kDouble: sqlite3_bind_double(insert.handle, i, v.floating); break;
              case Value::Kind::kBinary:
                sqlite3_bind_blob64(insert.handle, i, v.text.data(), v.text.size(),
                                    SQLITE_TRANSIENT);
                break;
              case Value::Kind::kString:
                sqlite3_bind_text64(insert.handle, i, v.text.data(), v.text.size(),
                                    SQLITE_TRANSIENT, SQLITE_UTF8);
                break;
              default: {
                const std::string text = v.ToString();
                sqlite3_bind_text64(insert.handle, i, text.data(), text.size(), SQLITE_TRANSIENT,
                                    SQLITE_UTF8);
              }
            }
          }
          if (sqlite3_step(insert.handle) != SQLITE_DONE) {
            throw Error(ErrorCode::kInvalidArgument, "sqlite '" + label + "': writing row " +
                                                         std::to_string(result.rows_written + 1) +
                                                         ": " + sqlite3_errmsg(db.handle));
          }
          ++result.rows_written;
        }
      }
    } catch (...) {
      duckdb_destroy_result(&rows);
      throw;
    }
    duckdb_destroy_result(&rows);
    Exec(db.handle, "COMMIT", label);
  } catch (...) {
    sqlite3_exec(db.handle, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return result;
}

}  // namespace ff::drivers::sqlite
