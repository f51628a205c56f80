// Long chains of frame steps against the one hand-written query DuckDB would be given, as
// ratios. Each measurement runs in a child process of its own (wall time and peak RSS of that
// process), alternating ours and DuckDB's, medians of RUNS.
//
//   bench_chains [ROWS=1000000] [RUNS=5]
//
// 1. schema of a 50- and a 500-node with_columns chain  vs  DESCRIBE of one SELECT with the
//    same columns (goal: < 10 ms and < 100 ms)
// 2. 1000 chained filters, planned and collected  vs  one SELECT with 1000 ANDed conditions
//    (goal: < 1 s, < 100 MB over the data's own cost)
#include <duckdb.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "flowfile/frame.hpp"

namespace fs = std::filesystem;

namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A private DuckDB, opened before any timing starts.
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
  void Run(const std::string& sql) {
    duckdb_result result;
    const bool ok = duckdb_query(con_, sql.c_str(), &result) == DuckDBSuccess;
    const std::string error = ok ? "" : duckdb_result_error(&result);
    duckdb_destroy_result(&result);
    if (!ok) throw std::runtime_error(error);
  }

 private:
  duckdb_database db_ = nullptr;
  duckdb_connection con_ = nullptr;
};

std::string Filters(const std::string& data, int n) {
  std::string sql = "SELECT * FROM read_parquet('" + data + "') WHERE ";
  for (int i = 0; i < n; ++i)
    sql += (i ? " AND " : "") + std::string("a > ") + std::to_string(i % 97);
  return sql;
}

std::string WithColumns(const std::string& data, int n) {
  std::string sql = "DESCRIBE SELECT *";
  for (int i = 0; i < n; ++i) sql += ", a * 2 AS v" + std::to_string(i);
  return sql + " FROM read_parquet('" + data + "')";
}

// One measured piece of work, in this (child) process; prints its seconds on stdout.
int Child(const std::string& mode, int n, const std::string& data) {
  const bool ours = mode.rfind("ours-", 0) == 0;
  std::optional<ff::FlowFrame> source;
  std::optional<Duck> duck;
  if (ours) source = ff::scan_parquet({data});
  if (!ours) duck.emplace();
  const double start = Now();
  if (mode == "ours-schema") {
    ff::FlowFrame f = *source;
    for (int i = 0; i < n; ++i)
      f = f.with_columns({(ff::col("a") * 2).alias("v" + std::to_string(i))});
    f.schema();
  } else if (mode == "duck-schema") {
    duck->Run(WithColumns(data, n));
  } else if (mode == "ours-filters") {
    ff::FlowFrame f = *source;
    for (int i = 0; i < n; ++i) f = f.filter(ff::col("a") > i % 97);
    f.collect();
  } else if (mode == "duck-filters") {
    duck->Run("CREATE TEMP TABLE r AS " + Filters(data, n));
  }
  std::printf("%.6f\n", Now() - start);
  return 0;
}

struct Sample {
  double seconds;
  double mib;
};

Sample RunChild(const char* self, const std::string& mode, int n, const std::string& data) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], 1);
    execl(self, self, "--child", mode.c_str(), std::to_string(n).c_str(), data.c_str(), nullptr);
    _exit(127);
  }
  close(pipe_fds[1]);
  char buffer[64] = {};
  const ssize_t got = read(pipe_fds[0], buffer, sizeof buffer - 1);
  close(pipe_fds[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (got <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(mode + " failed");
  return {std::atof(buffer), usage.ru_maxrss / 1024.0};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void Compare(const char* self, const char* what, const std::string& mode, int n,
             const std::string& data, int runs, const char* goal) {
  std::vector<double> ours_s, ours_m, duck_s, duck_m;
  for (int r = 0; r < runs; ++r) {
    const Sample ours = RunChild(self, "ours-" + mode, n, data);
    const Sample duck = RunChild(self, "duck-" + mode, n, data);
    ours_s.push_back(ours.seconds);
    ours_m.push_back(ours.mib);
    duck_s.push_back(duck.seconds);
    duck_m.push_back(duck.mib);
  }
  std::printf(
      "%-34s ours %8.1f ms %6.0f MiB  duckdb %8.1f ms %6.0f MiB  ratio %5.2fx time, "
      "%+5.0f MiB  (goal %s)\n",
      what, Median(ours_s) * 1000, Median(ours_m), Median(duck_s) * 1000, Median(duck_m),
      Median(ours_s) / Median(duck_s), Median(ours_m) - Median(duck_m), goal);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--child")
    return Child(argv[2], std::atoi(argv[3]), argv[4]);
  const long rows = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const fs::path work = fs::temp_directory_path() / ("ff-chain-bench-" + std::to_string(getpid()));
  fs::create_directories(work);
  const std::string data = (work / "data.parquet").string();
  try {
    Duck().Run("COPY (SELECT i AS a, i % 10 AS b FROM range(" + std::to_string(rows) +
               ") t(i)) TO '" + data + "' (FORMAT parquet)");
    std::printf("long chains: %ld rows, medians of %d, a process per run\n", rows, runs);
    Compare(argv[0], "schema, 50 with_columns", "schema", 50, data, runs, "< 10 ms");
    Compare(argv[0], "schema, 500 with_columns", "schema", 500, data, runs, "< 100 ms");
    Compare(argv[0], "collect, 1000 chained filters", "filters", 1000, data, runs,
            "< 1 s, < +100 MiB");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_chains: %s\n", e.what());
    fs::remove_all(work);
    return 1;
  }
  fs::remove_all(work);
  return 0;
}
