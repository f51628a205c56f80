// The local store: one SQLite database shared by every process of a Flowfile home.
//
// Contract:
//  - created 0600 (O_CREAT|O_EXCL before SQLite opens it; SQLite gives its -wal/-shm
//    files the database file's mode), WAL journal, busy timeout, foreign keys on;
//  - the schema is migrated to the newest version when opened (PRAGMA user_version);
//  - writes go through Transaction(), which takes the write lock up front
//    (BEGIN IMMEDIATE) so concurrent writers queue instead of failing at COMMIT;
//  - one Store may be used from several threads; calls are serialised by a mutex;
//  - a store in a home this process cannot write opens read-only (immutable): reads work,
//    writes fail with Error(kPermissionDenied); a full disk is Error(kIo) "disk full"
//    naming the store; an open that fails names the path and the system's reason.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace ff {

//! A prepared statement, owned (finalised on destruction). Columns and parameters are
//! 0-based for columns and 1-based for parameters, as in SQLite.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::optional<int64_t> value);
  Statement& BindNull(int index);
  //! True while a row is available; false when done. Throws ff::Error(kStore).
  bool Step();
  //! Run to completion (for INSERT/UPDATE/DELETE); returns the number of changed rows.
  int Run();

  std::string Text(int column) const;
  int64_t Int(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Store {
 public:
  //! Open (creating when missing) the store at `path`; migrate the schema.
  static std::unique_ptr<Store> Open(const std::filesystem::path& path);
  ~Store();

  Statement Prepare(std::string_view sql);
  void Execute(std::string_view sql);
  int64_t LastInsertId();
  int SchemaVersion();
  const std::filesystem::path& path() const { return path_; }
  //! Opened from a home this process cannot write: reads work, Transaction() throws
  //! Error(kPermissionDenied) naming the store.
  bool read_only() const { return read_only_; }

  //! Run `body` in one write transaction (BEGIN IMMEDIATE ... COMMIT); roll back and
  //! rethrow when it throws. Nested calls join the outer transaction.
  void Transaction(const std::function<void()>& body);
  //! Serialise a read sequence with other threads' use of this Store.
  std::unique_lock<std::recursive_mutex> Lock() { return std::unique_lock(mutex_); }

 private:
  Store(sqlite3* db, std::filesystem::path path);
  static std::unique_ptr<Store> OpenReadOnly(const std::filesystem::path& path);
  void Configure();
  void Migrate();

  sqlite3* db_;
  std::filesystem::path path_;
  std::recursive_mutex mutex_;
  int transaction_depth_ = 0;
  bool read_only_ = false;
};

//! Current time as ISO-8601 UTC with milliseconds ("2026-11-25T02:47:03.123Z").
std::string UtcNow();

}  // namespace ff
