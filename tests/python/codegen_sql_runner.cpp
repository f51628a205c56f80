// Runs a DuckDB SQL script (the code `flowfile generate --target sql` writes) in an in-memory
// database, as the code-generation tests do: `codegen_sql_runner SCRIPT.sql`. Exit status 1
// with DuckDB's error on failure.
#include <duckdb.h>

#include <cstdio>
#include <fstream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SCRIPT.sql\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::stringstream script;
  script << file.rdbuf();
  if (!file) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  duckdb_database db = nullptr;
  duckdb_connection con = nullptr;
  if (duckdb_open(nullptr, &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
    std::fprintf(stderr, "cannot open DuckDB\n");
    return 1;
  }
  duckdb_result result;
  const bool ok = duckdb_query(con, script.str().c_str(), &result) == DuckDBSuccess;
  if (!ok) std::fprintf(stderr, "%s\n", duckdb_result_error(&result));
  duckdb_destroy_result(&result);
  duckdb_disconnect(&con);
  duckdb_close(&db);
  return ok ? 0 : 1;
}
