#include "drivers/postgres/postgres.hpp"

#include "drivers/postgres/pg_browse.hpp"
#include "drivers/postgres/pg_connection.hpp"
#include "drivers/postgres/postgres_sink.hpp"
#include "drivers/postgres/postgres_source.hpp"

namespace ff::drivers::postgres {

std::shared_ptr<TableSource> OpenPostgresSource(const PostgresParams& params,
                                                const PgReadSpec& spec) {
  return std::make_shared<PostgresSource>(params.Clone(), spec);
}

WriteResult WritePostgres(const PostgresParams& params, duckdb_connection conn,
                          const std::string& select_sql, const WriteTarget& target) {
  PostgresSink sink(params.Clone());
  return sink.Write(conn, select_sql, target);
}

std::vector<std::string> ListPostgresSchemas(const PostgresParams& params) {
  auto conn = PgConnection::Open(params);
  return ListSchemas(*conn);
}

std::vector<std::string> ListPostgresTables(const PostgresParams& params,
                                            const std::string& schema) {
  auto conn = PgConnection::Open(params);
  return ListTables(*conn, schema);
}

std::vector<PgColumnInfo> ListPostgresColumns(const PostgresParams& params,
                                              const std::string& schema, const std::string& table) {
  auto conn = PgConnection::Open(params);
  return ListColumns(*conn, schema, table);
}

std::vector<std::vector<std::optional<std::string>>> QueryPostgresText(const PostgresParams& params,
                                                                       const std::string& sql) {
  auto conn = PgConnection::Open(params);
  PgResult result = conn->Exec(sql);
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (int r = 0; r < result.rows(); ++r) {
    std::vector<std::optional<std::string>> row;
    for (int c = 0; c < result.columns(); ++c) {
      row.push_back(result.is_null(r, c) ? std::nullopt : std::optional(result.text(r, c)));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string PostgresServerVersion(const PostgresParams& params) {
  auto conn = PgConnection::Open(params);
  return ServerVersion(*conn);
}

}  // namespace ff::drivers::postgres
