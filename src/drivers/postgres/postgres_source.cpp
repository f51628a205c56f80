#include "drivers/postgres/postgres_source.hpp"

#include <cstring>
#include <set>

#include "drivers/postgres/pg_browse.hpp"
#include "drivers/postgres/pg_connection.hpp"
#include "drivers/postgres/pg_copy.hpp"
#include "flowfile/errors.hpp"
#include "util/sql_dialect.hpp"
#include "util/text.hpp"

namespace ff::drivers::postgres {
namespace {

struct CopyBuffer {
  char* data = nullptr;
  ~CopyBuffer() {
    if (data) PQfreemem(data);
  }
};

class PostgresStream : public RowStream {
 public:
  PostgresStream(std::unique_ptr<PgConnection> conn, std::vector<PgColumnType> types,
                 const std::string& select_sql)
      : conn_(std::move(conn)),
        copy_sql_("COPY (" + select_sql + ") TO STDOUT (FORMAT binary)"),
        decoder_(types, conn_->label()) {}

  ~PostgresStream() override {
    // Stopped early (a LIMIT, an error upstream): ask the server to stop sending.
    if (started_ && !finished_) conn_->RequestCancel();
  }

  idx_t Fill(duckdb_data_chunk chunk) override {
    if (finished_) return 0;
    // Started here, not in the constructor: the stream is then already visible to Cancel(),
    // and the server may hold its first message back until its output buffer fills.
    if (!started_) {
      started_ = true;
      PgResult started(PQexec(conn_->raw(), copy_sql_.c_str()));
      if (!started.get() || PQresultStatus(started.get()) != PGRES_COPY_OUT)
        conn_->ThrowFor(started.get(), "cannot start the read");
    }
    decoder_.Bind(chunk);
    const idx_t capacity = duckdb_vector_size();
    idx_t rows = 0;
    while (rows < capacity && !finished_) {
      CopyBuffer buffer;
      const int size = PQgetCopyData(conn_->raw(), &buffer.data, 0);
      if (size == -1) {
        Finish();
        break;
      }
      if (size < 0) conn_->ThrowFor(nullptr, "reading rows");
      // libpq hands over one row per call; the first also carries the file header.
      if (decoder_.DecodeMessage(buffer.data, buffer.data + size, rows)) ++rows;
    }
    duckdb_data_chunk_set_size(chunk, rows);
    return rows;
  }

  void Cancel() override { conn_->RequestCancel(); }

 private:
  void Finish() {
    finished_ = true;
    bool failed = false;
    Error failure(ErrorCode::kIo, "");
    while (PGresult* raw = PQgetResult(conn_->raw())) {
      PgResult result(raw);
      if (!failed && PQresultStatus(raw) != PGRES_COMMAND_OK) {
        failure = conn_->ErrorFor(raw, "reading rows");
        failed = true;
      }
    }
    if (failed) throw failure;
  }

  std::unique_ptr<PgConnection> conn_;
  std::string copy_sql_;
  CopyStreamDecoder decoder_;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace

PostgresSource::PostgresSource(PostgresParams params, PgReadSpec spec)
    : params_(std::move(params)), spec_(std::move(spec)) {
  spec_.query = util::TrimRight(spec_.query, " \t\n\r\f\v;");
  if (spec_.table.empty() == spec_.query.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "postgresql '" + params_.label +
                    "': give either a table name or a query to read (exactly one of them)");
  }
}

PostgresSource::~PostgresSource() = default;

std::string PostgresSource::BaseSql() const {
  if (!spec_.query.empty()) return spec_.query;
  return "SELECT * FROM " + sql::Qualified(spec_.schema, spec_.table, sql::Dialect::kPostgres);
}

std::string PostgresSource::Describe() const {
  const std::string what =
      spec_.query.empty()
          ? "table " + (spec_.schema.empty() ? "" : spec_.schema + ".") + spec_.table
          : "query " + spec_.query;
  return "postgresql '" + params_.label + "': " + what;
}

void PostgresSource::DescribeLocked() {
  if (described_) return;
  auto conn = PgConnection::Open(params_);
  const std::string sql = BaseSql();
  // Prepare + describe gives the result's columns without running the statement.
  PgResult prepared(PQprepare(conn->raw(), "", sql.c_str(), 0, nullptr));
  if (!prepared.get() || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
    const Error error = conn->ErrorFor(prepared.get(), "cannot read " + Describe());
    const char* state =
        prepared.get() ? PQresultErrorField(prepared.get(), PG_DIAG_SQLSTATE) : nullptr;
    if (!spec_.table.empty() && state && std::string(state) == "42P01")
      ThrowUnknownTable(*conn, spec_.schema, spec_.table);
    throw error;
  }
  PgResult description(PQdescribePrepared(conn->raw(), ""));
  if (!description.get() || PQresultStatus(description.get()) != PGRES_COMMAND_OK)
    conn->ThrowFor(description.get(), "cannot describe " + Describe());
  std::set<std::string> taken;
  for (int c = 0; c < description.columns(); ++c) {
    std::string name = PQfname(description.get(), c);
    // DuckDB needs distinct column names: "?column?" twice becomes "?column?" and "?column?_2".
    for (int n = 2; !taken.insert(name).second; ++n)
      name = std::string(PQfname(description.get(), c)) + "_" + std::to_string(n);
    names_.push_back(name);
    types_.push_back(ReadTypeFor(PQftype(description.get(), c), PQfmod(description.get(), c)));
  }
  if (names_.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                Describe() + " returns no columns; a read needs at least one column");
  }
  described_ = true;
  spare_ = std::move(conn);
}

std::vector<SourceColumn> PostgresSource::Columns() {
  std::lock_guard lock(mutex_);
  DescribeLocked();
  std::vector<SourceColumn> columns;
  for (size_t c = 0; c < names_.size(); ++c)
    columns.emplace_back(names_[c], DuckTypeFor(types_[c]));
  return columns;
}

std::vector<PgColumnType> PostgresSource::ColumnTypes() {
  std::lock_guard lock(mutex_);
  DescribeLocked();
  return types_;
}

std::string PostgresSource::SelectSql(const std::vector<idx_t>& projected) {
  std::lock_guard lock(mutex_);
  DescribeLocked();
  std::vector<idx_t> columns = projected;
  if (columns.empty()) {
    for (idx_t c = 0; c < types_.size(); ++c) columns.push_back(c);
  }
  std::string list;
  for (idx_t c : columns) {
    if (c >= types_.size()) {
      throw Error(ErrorCode::kInternal,
                  Describe() + ": column index " + std::to_string(c) + " is out of range");
    }
    if (!list.empty()) list += ", ";
    list += "ff_q.c" + std::to_string(c) + (types_[c].cast_to_text ? "::text" : "");
  }
  std::string aliases;
  for (idx_t c = 0; c < types_.size(); ++c) aliases += (c ? ", c" : "c") + std::to_string(c);
  return "SELECT " + list + " FROM (" + BaseSql() + ") AS ff_q(" + aliases + ")";
}

std::unique_ptr<RowStream> PostgresSource::Open(const std::vector<idx_t>& projected) {
  const std::string sql = SelectSql(projected);
  std::vector<PgColumnType> types;
  std::unique_ptr<PgConnection> conn;
  {
    std::lock_guard lock(mutex_);
    if (projected.empty()) {
      types = types_;
    } else {
      for (idx_t c : projected) types.push_back(types_[c]);
    }
    conn = std::move(spare_);
  }
  if (!conn) conn = PgConnection::Open(params_);
  return std::make_unique<PostgresStream>(std::move(conn), std::move(types), sql);
}

}  // namespace ff::drivers::postgres
