// Catalog (Delta Lake) writes and reads against DuckDB's own Parquet writing, in one process,
// alternating the contenders so drift hits both alike. Prints medians and ratios.
//
//   bench_catalog [ROWS=10000000] [RUNS=5] [COMMITS=1000]
//
// 1. append ROWS rows to a new catalog table  vs  DuckDB `COPY (same rows) TO x.parquet`
//    (goal <= 1.15x; ours also computes the per-file stats Delta's add action carries)
// 2. upsert touching 1% of the keys of a ROWS-row table laid out by key (ten key-ordered
//    appends, so each file holds one key range)  vs  an overwrite of the same table
//    (goal <= 0.3x: only the file whose min/max can hold the keys is rewritten)
// 3. reading (count + sum over every row) version N-5  vs  the latest version (goal <= 1.2x)
// 4. log replay of a COMMITS-commit table with checkpoints every 10 commits (goal < 100 ms)
#include <duckdb.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "flowfile/catalog.hpp"
#include "flowfile/delta.hpp"
#include "flowfile/workspace.hpp"

namespace fs = std::filesystem;

namespace {

double Seconds(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

//! A private DuckDB for the peer and for generating data.
class Duck {
 public:
  Duck() {
    if (duckdb_open(nullptr, &db_) != DuckDBSuccess || duckdb_connect(db_, &con_) != DuckDBSuccess)
      throw std::runtime_error("cannot open DuckDB");
  }
  ~Duck() {
    duckdb_disconnect(&con_);
    duckdb_close(&db_);
  }
  Duck(const Duck&) = delete;
  Duck& operator=(const Duck&) = delete;

  //! Runs `sql`, reading every chunk; returns the first value of the first row as text.
  std::string Run(const std::string& sql) {
    duckdb_result result;
    if (duckdb_query(con_, sql.c_str(), &result) != DuckDBSuccess) {
      std::string message = duckdb_result_error(&result);
      duckdb_destroy_result(&result);
      throw std::runtime_error(message);
    }
    std::string first;
    if (duckdb_column_count(&result) > 0 && duckdb_row_count(&result) > 0) {
      char* text = duckdb_value_varchar(&result, 0, 0);
      if (text) first = text;
      duckdb_free(text);
    }
    duckdb_destroy_result(&result);
    return first;
  }

 private:
  duckdb_database db_ = nullptr;
  duckdb_connection con_ = nullptr;
};

void PrintRatio(const char* what, const char* ours, double ours_s, const char* peer, double peer_s,
                const char* goal) {
  std::printf("%-44s %-18s %8.3f s  %-22s %8.3f s  ratio %5.2f  (goal %s)\n", what, ours, ours_s,
              peer, peer_s, ours_s / peer_s, goal);
}

}  // namespace

int main(int argc, char** argv) {
  const long rows = argc > 1 ? std::atol(argv[1]) : 10'000'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const int commits = argc > 3 ? std::atoi(argv[3]) : 1000;
  const fs::path work =
      fs::temp_directory_path() / ("ff-catalog-bench-" + std::to_string(getpid()));
  fs::create_directories(work);

  try {
    ff::WorkspaceOptions options;
    options.config_dir = work / "home";
    options.use_keyring = false;
    auto workspace = ff::Workspace::Open(options);
    ff::Catalog catalog(*workspace);
    Duck duck;

    const std::string source = (work / "source.parquet").string();
    duck.Run(
        "COPY (SELECT i AS id, ['A','B','C','D'][1 + (i % 4)::INT] AS category, "
        "(hash(i) % 500)::DOUBLE AS value, (hash(i * 7) % 1000000)::BIGINT AS customer_id "
        "FROM range(" +
        std::to_string(rows) + ") t(i)) TO '" + source + "' (FORMAT parquet)");
    const std::string all_rows = "SELECT * FROM read_parquet('" + source + "')";
    std::printf("catalog benchmark: %ld rows, medians of %d, one process\n", rows, runs);

    // 1. Append vs COPY TO parquet.
    std::vector<double> ours, peer;
    for (int run = 0; run < runs; ++run) {
      const std::string copy_target =
          (work / ("copy_" + std::to_string(run) + ".parquet")).string();
      peer.push_back(Seconds([&] {
        duck.Run("COPY (" + all_rows + ") TO '" + copy_target +
                 "' (FORMAT parquet, COMPRESSION snappy)");
      }));
      ours.push_back(Seconds([&] {
        ff::CatalogWrite write;
        write.table_name = "bench.append_" + std::to_string(run);
        write.source_sql = all_rows;
        write.mode = ff::CatalogWriteMode::kAppend;
        catalog.Write(write);
      }));
      fs::remove(copy_target);
    }
    PrintRatio("append rows to a new table", "catalog append", Median(ours),
               "DuckDB COPY TO parquet", Median(peer), "<= 1.15");

    // 2. Upsert 1% vs overwrite, on a table laid out by key.
    const long slice = rows / 10;
    for (int part = 0; part < 10; ++part) {
      ff::CatalogWrite write;
      write.table_name = "bench.by_key";
      write.source_sql = all_rows + " WHERE id >= " + std::to_string(part * slice) + " AND id < " +
                         std::to_string((part + 1) * slice) + " ORDER BY id";
      write.mode = part == 0 ? ff::CatalogWriteMode::kOverwrite : ff::CatalogWriteMode::kAppend;
      catalog.Write(write);
    }
    // The overwrite target is its own table so each upsert still finds ten key-ordered files.
    ours.clear();
    peer.clear();
    const long touched = rows / 100;
    int64_t files_rewritten = 0;
    for (int run = 0; run < runs; ++run) {
      const long first = (run * 2 + 1) * slice / 2;  // a different 1% each run
      ours.push_back(Seconds([&] {
        ff::CatalogWrite write;
        write.table_name = "bench.by_key";
        write.source_sql =
            "SELECT id, category, value + 1 AS value, customer_id FROM read_parquet('" + source +
            "') WHERE id >= " + std::to_string(first) + " AND id < " +
            std::to_string(first + touched);
        write.mode = ff::CatalogWriteMode::kUpsert;
        write.merge_keys = {"id"};
        const auto result = catalog.Write(write);
        if (result.rows_updated != touched) throw std::runtime_error("upsert touched too few rows");
        files_rewritten = result.files_removed;
      }));
      peer.push_back(Seconds([&] {
        ff::CatalogWrite write;
        write.table_name = "bench.overwritten";
        write.source_sql = all_rows;
        write.mode = ff::CatalogWriteMode::kOverwrite;
        catalog.Write(write);
      }));
    }
    PrintRatio("upsert 1% of keys (10 files laid out by key)", "catalog upsert", Median(ours),
               "catalog overwrite", Median(peer), "<= 0.30");
    std::printf("  (the last upsert rewrote %lld of the table's files)\n",
                static_cast<long long>(files_rewritten));

    // 3. Time travel: version N-5 vs latest of the upserted table.
    const int64_t latest = catalog.GetTable("bench.by_key").version;
    ours.clear();
    peer.clear();
    auto scan = [&](std::optional<int64_t> version) {
      const ff::CatalogRead read = catalog.ReadSql("bench.by_key", version);
      duck.Run("SET TimeZone = 'UTC'");
      const std::string count =
          duck.Run("SELECT count(*) || ':' || sum(value) FROM (" + read.sql + ")");
      if (count.empty()) throw std::runtime_error("empty read");
    };
    for (int run = 0; run < runs; ++run) {
      ours.push_back(Seconds([&] { scan(latest - 5); }));
      peer.push_back(Seconds([&] { scan(std::nullopt); }));
    }
    PrintRatio("read every row", "version N-5", Median(ours), "latest version", Median(peer),
               "<= 1.20");

    // 4. Log replay of a long history.
    const std::string long_table = (work / "long_history").string();
    for (int commit = 0; commit < commits; ++commit) {
      ff::delta::WriteRequest request;
      request.table_root = long_table;
      request.source_sql = "SELECT " + std::to_string(commit) + "::BIGINT AS id";
      ff::delta::WriteTable(request);
    }
    std::vector<double> with_checkpoint, json_only;
    for (int run = 0; run < std::max(runs, 11); ++run) {
      with_checkpoint.push_back(Seconds([&] {
        if (ff::delta::LoadSnapshot(long_table).files.size() != static_cast<size_t>(commits))
          throw std::runtime_error("wrong file count");
      }));
      json_only.push_back(Seconds([&] {
        ff::delta::SnapshotOptions no_checkpoints;
        no_checkpoints.use_checkpoints = false;
        ff::delta::LoadSnapshot(long_table, no_checkpoints);
      }));
    }
    std::printf("%-44s %-18s %8.1f ms (goal < 100 ms); JSON-only replay %.1f ms\n",
                ("log replay, " + std::to_string(commits) + " commits").c_str(), "from checkpoint",
                Median(with_checkpoint) * 1000, Median(json_only) * 1000);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_catalog: %s\n", error.what());
    fs::remove_all(work);
    return 1;
  }
  fs::remove_all(work);
  return 0;
}
