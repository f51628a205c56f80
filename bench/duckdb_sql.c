/* The engine's floor: one hand-written SQL statement through DuckDB's C API, nothing else.
 * Usage: bench_duckdb_sql "<sql>"  — runs it, reads every chunk, prints the row count. */
#include <duckdb.h>
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s SQL\n", argv[0]);
    return 2;
  }
  duckdb_database db;
  duckdb_connection con;
  duckdb_result result;
  if (duckdb_open(NULL, &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) return 1;
  if (duckdb_query(con, argv[1], &result) != DuckDBSuccess) {
    fprintf(stderr, "%s\n", duckdb_result_error(&result));
    return 1;
  }
  idx_t rows = 0;
  for (duckdb_data_chunk chunk; (chunk = duckdb_fetch_chunk(result)) != NULL;) {
    rows += duckdb_data_chunk_get_size(chunk);
    duckdb_destroy_data_chunk(&chunk);
  }
  printf("%llu rows\n", (unsigned long long)rows);
  duckdb_destroy_result(&result);
  duckdb_disconnect(&con);
  duckdb_close(&db);
  return 0;
}
