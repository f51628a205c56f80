#include "drivers/postgres/postgres_sink.hpp"

#include <map>
#include <optional>

#include "drivers/postgres/pg_browse.hpp"
#include "drivers/postgres/pg_encode.hpp"
#include "drivers/postgres/pg_types.hpp"
#include "drivers/postgres/pg_wire.hpp"
#include "flowfile/errors.hpp"
#include "util/sql_dialect.hpp"
#include "util/text.hpp"

namespace ff::drivers::postgres {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

std::string DuckIdent(const std::string& name) { return sql::Identifier(name); }

class DuckPrepared {
 public:
  DuckPrepared(duckdb_connection conn, const std::string& sql) {
    if (duckdb_prepare(conn, sql.c_str(), &prepared_) != DuckDBSuccess) {
      const char* message = duckdb_prepare_error(prepared_);
      throw Error(ErrorCode::kEngine, std::string("the rows to write could not be prepared: ") +
                                          (message ? message : "unknown DuckDB error"));
    }
  }
  ~DuckPrepared() { duckdb_destroy_prepare(&prepared_); }
  DuckPrepared(const DuckPrepared&) = delete;
  DuckPrepared& operator=(const DuckPrepared&) = delete;
  duckdb_prepared_statement get() const { return prepared_; }

 private:
  duckdb_prepared_statement prepared_ = nullptr;
};

class DuckResult {
 public:
  ~DuckResult() { duckdb_destroy_result(&result_); }
  duckdb_result* get() { return &result_; }
  std::string error() {
    const char* message = duckdb_result_error(&result_);
    std::string text = message ? message : "";
    // DuckDB quotes the generated SQL after "LINE n:"; the user did not write it.
    if (const auto line = text.find("\n\nLINE "); line != std::string::npos) text.resize(line);
    if (const auto line = text.find("\nLINE "); line != std::string::npos) text.resize(line);
    return text;
  }

 private:
  duckdb_result result_{};
};

struct DuckColumn {
  std::string name;
  std::optional<PgWriteType> create_type;  // the type a new table column gets
  std::string duck_type_name;
};

std::vector<DuckColumn> DescribeRows(duckdb_connection conn, const std::string& select_sql) {
  DuckPrepared prepared(conn, select_sql);
  std::vector<DuckColumn> columns;
  const idx_t count = duckdb_prepared_statement_column_count(prepared.get());
  for (idx_t c = 0; c < count; ++c) {
    DuckColumn column;
    // A strdup'ed copy the caller frees, despite the const in the C API (ASan saw it leak).
    const char* name = duckdb_prepared_statement_column_name(prepared.get(), c);
    column.name = name ? name : "";
    duckdb_free(const_cast<char*>(name));
    duckdb_logical_type type = duckdb_prepared_statement_column_logical_type(prepared.get(), c);
    column.create_type = WriteTypeFor(type);
    column.duck_type_name = DuckTypeName(type);
    duckdb_destroy_logical_type(&type);
    columns.push_back(std::move(column));
  }
  return columns;
}

struct ExistingColumn {
  PgOid type_oid;
  int typmod;
  std::string sql_type;
};

// Streams the DuckDB rows into an open COPY FROM STDIN; returns the row count.
uint64_t StreamRows(PgConnection& pg, duckdb_connection conn, const std::string& select_sql,
                    const std::vector<PgWriteType>& types) {
  std::vector<ColumnEncoder> encoders;
  for (const PgWriteType& type : types) encoders.emplace_back(type.codec);
  DuckPrepared prepared(conn, select_sql);
  DuckResult result;
  if (duckdb_execute_prepared_streaming(prepared.get(), result.get()) != DuckDBSuccess)
    throw Error(ErrorCode::kEngine, "the rows to write failed: " + result.error());

  std::string buffer;
  buffer.reserve(kFlushBytes + 65536);
  auto flush = [&] {
    if (buffer.empty()) return;
    if (PQputCopyData(pg.raw(), buffer.data(), static_cast<int>(buffer.size())) != 1)
      pg.ThrowFor(nullptr, "sending rows");
    buffer.clear();
  };
  // "PGCOPY\n\377\r\n\0", no flags, no header extension.
  buffer.append("PGCOPY\n\377\r\n", 10);
  buffer.push_back('\0');
  wire::Append<int32_t>(buffer, 0);
  wire::Append<int32_t>(buffer, 0);

  uint64_t rows = 0;
  const auto field_count = static_cast<int16_t>(encoders.size());
  while (duckdb_data_chunk chunk = duckdb_fetch_chunk(*result.get())) {
    const idx_t size = duckdb_data_chunk_get_size(chunk);
    for (size_t c = 0; c < encoders.size(); ++c)
      encoders[c].Bind(duckdb_data_chunk_get_vector(chunk, c));
    try {
      for (idx_t row = 0; row < size; ++row) {
        wire::Append<int16_t>(buffer, field_count);
        for (const ColumnEncoder& encoder : encoders) encoder.Append(row, buffer);
        if (buffer.size() >= kFlushBytes) flush();
      }
    } catch (...) {
      duckdb_destroy_data_chunk(&chunk);
      throw;
    }
    rows += size;
    duckdb_destroy_data_chunk(&chunk);
  }
  if (const std::string error = result.error(); !error.empty())
    throw Error(ErrorCode::kEngine, "the rows to write failed: " + error);
  wire::Append<int16_t>(buffer, -1);  // the trailer
  flush();
  return rows;
}

}  // namespace

WriteResult PostgresSink::Write(duckdb_connection conn, const std::string& select_sql,
                                const WriteTarget& target) {
  if (target.table.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "postgresql '" + params_.label + "': a table name is needed to write rows");
  const std::string rows_sql = util::TrimRight(select_sql, " \t\n\r\f\v;");
  const std::vector<DuckColumn> columns = DescribeRows(conn, rows_sql);

  auto pg = PgConnection::Open(params_);
  const std::string qualified = pg->QualifiedName(target.schema, target.table);
  WriteResult outcome;
  bool copying = false;
  pg->Exec("BEGIN");
  try {
    std::string schema = target.schema;
    if (schema.empty()) schema = pg->Exec("SELECT coalesce(current_schema(), '')").text(0, 0);
    if (pg->Exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema}).rows() == 0)
      ThrowUnknownTable(*pg, schema, target.table);  // reports the unknown schema
    PgResult found = pg->Exec(
        "SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relname = $2",
        {schema, target.table});
    bool exists = found.rows() > 0;
    const std::string display = schema + "." + target.table;
    if (exists && found.text(0, 1) != "r" && found.text(0, 1) != "p") {
      throw Error(ErrorCode::kInvalidArgument, pg->label() + ": " + display +
                                                   " is not a table (a view or similar); write to "
                                                   "a table name");
    }
    if (exists && target.if_exists == IfExists::kFail) {
      throw Error(ErrorCode::kAlreadyExists,
                  pg->label() + ": table " + display +
                      " already exists (if_exists='fail'); use 'append' or 'replace'");
    }
    if (exists && target.if_exists == IfExists::kReplace) {
      pg->Exec("DROP TABLE " + qualified);
      exists = false;
    }

    std::vector<PgWriteType> types;
    if (!exists) {
      std::string definition;
      for (const DuckColumn& column : columns) {
        if (!column.create_type) {
          throw Error(ErrorCode::kUnsupported,
                      pg->label() + ": column '" + column.name + "' has DuckDB type " +
                          column.duck_type_name +
                          ", which has no PostgreSQL mapping; cast it (e.g. to VARCHAR) first");
        }
        types.push_back(*column.create_type);
        definition += (definition.empty() ? "" : ", ") + pg->Ident(column.name) + " " +
                      column.create_type->sql;
      }
      pg->Exec("CREATE TABLE " + qualified + " (" + definition + ")");
      outcome.table_created = true;
    } else {
      PgResult existing = pg->Exec(
          "SELECT attname, atttypid, atttypmod, format_type(atttypid, atttypmod) "
          "FROM pg_attribute WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped "
          "ORDER BY attnum",
          {found.text(0, 0)});
      std::map<std::string, ExistingColumn> by_name;
      std::vector<std::string> names;
      for (int r = 0; r < existing.rows(); ++r) {
        names.push_back(existing.text(r, 0));
        by_name[existing.text(r, 0)] = {static_cast<PgOid>(std::stoul(existing.text(r, 1))),
                                        std::stoi(existing.text(r, 2)), existing.text(r, 3)};
      }
      for (const DuckColumn& column : columns) {
        auto it = by_name.find(column.name);
        if (it == by_name.end()) {
          try {
            ThrowUnknownName("column of " + display, column.name, names);
          } catch (const Error& e) {
            throw Error(ErrorCode::kInvalidArgument, pg->label() + ": cannot append: " + e.what());
          }
        }
        auto type = WriteTypeForTarget(it->second.type_oid, it->second.typmod);
        if (!type) {
          throw Error(ErrorCode::kUnsupported,
                      pg->label() + ": cannot append to column '" + column.name + "' of " +
                          display + ": its type " + it->second.sql_type +
                          " cannot be written by Flowfile; write to a new table and convert "
                          "with SQL");
        }
        types.push_back(*type);
      }
    }

    std::string select_list, column_list;
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string sep = c ? ", " : "";
      select_list +=
          sep + "CAST(ff_src." + DuckIdent(columns[c].name) + " AS " + types[c].duck_cast + ")";
      column_list += sep + pg->Ident(columns[c].name);
    }
    const std::string copy_sql =
        "COPY " + qualified + " (" + column_list + ") FROM STDIN (FORMAT binary)";
    PgResult started(PQexec(pg->raw(), copy_sql.c_str()));
    if (!started.get() || PQresultStatus(started.get()) != PGRES_COPY_IN)
      pg->ThrowFor(started.get(), "cannot start writing " + display);
    copying = true;
    outcome.rows_written = StreamRows(
        *pg, conn, "SELECT " + select_list + " FROM (" + rows_sql + ") AS ff_src", types);
    copying = false;
    if (PQputCopyEnd(pg->raw(), nullptr) != 1) pg->ThrowFor(nullptr, "finishing the write");
    PgResult copied(PQgetResult(pg->raw()));
    if (!copied.get() || PQresultStatus(copied.get()) != PGRES_COMMAND_OK)
      pg->ThrowFor(copied.get(), "writing " + display);
    while (PGresult* extra = PQgetResult(pg->raw())) PQclear(extra);
    pg->Exec("COMMIT");
  } catch (...) {
    if (copying && !pg->broken()) {
      PQputCopyEnd(pg->raw(), "flowfile: the write was aborted");
      while (PGresult* extra = PQgetResult(pg->raw())) PQclear(extra);
    }
    if (!pg->broken()) PQclear(PQexec(pg->raw(), "ROLLBACK"));
    throw;
  }
  return outcome;
}

}  // namespace ff::drivers::postgres
