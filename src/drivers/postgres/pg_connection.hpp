// One libpq connection to PostgreSQL, with results and errors in Flowfile's terms.
//
// Contract:
//  - PgConnection::Open connects with PQconnectdbParams: the password travels only inside
//    libpq's keyword array, never in a conninfo string, a log line or an error message
//    (messages are also scrubbed of it, in case a server echoes it).
//  - ssl_enabled -> sslmode=require (otherwise libpq's default, "prefer");
//    connect_timeout_seconds bounds the connection attempt; application_name is "flowfile".
//  - Failures throw ff::Error: kPermissionDenied for refused credentials or privileges,
//    kNotFound for an unknown database/schema/table, kAlreadyExists for an existing table,
//    kInvalidArgument for bad SQL or data the server rejects, kUnsupported for features the
//    server lacks, kIo for unreachable servers, dropped connections and cancelled queries.
//    Messages start with "postgresql '<label>'" and carry the server's text and SQLSTATE.
//  - A PgConnection is used by one thread at a time; RequestCancel() may be called from any.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drivers/postgres/pg_params.hpp"
#include "flowfile/errors.hpp"

namespace ff::drivers::postgres {

//! An owned PGresult.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* result) : result_(result) {}
  ~PgResult() { PQclear(result_); }
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  PGresult* get() const { return result_; }
  int rows() const { return PQntuples(result_); }
  int columns() const { return PQnfields(result_); }
  bool is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
  //! The text of a cell ("" for NULL).
  std::string text(int row, int column) const;

 private:
  PGresult* result_ = nullptr;
};

class PgConnection {
 public:
  //! Connects; throws ff::Error as described above.
  static std::unique_ptr<PgConnection> Open(const PostgresParams& params);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  PGconn* raw() const { return conn_; }
  const std::string& label() const { return label_; }

  //! Runs `sql` (text parameters $1..$n); throws unless it returned rows or completed.
  PgResult Exec(const std::string& sql, const std::vector<std::string>& params = {});
  //! Throws the ff::Error for a failed `result` (or for the connection's state when null).
  [[noreturn]] void ThrowFor(const PGresult* result, const std::string& context) const;
  //! The error for the connection's last failure, as ThrowFor would throw it.
  Error ErrorFor(const PGresult* result, const std::string& context) const;

  //! `name` as a quoted identifier ("My ""Table""").
  std::string Ident(const std::string& name) const;
  //! "schema"."table", or just "table" when `schema` is empty.
  std::string QualifiedName(const std::string& schema, const std::string& table) const;

  //! Asks the server to stop the statement running on this connection (any thread).
  void RequestCancel();
  //! True once the link to the server is gone.
  bool broken() const { return PQstatus(conn_) == CONNECTION_BAD; }

 private:
  PgConnection(PGconn* conn, std::string label, Secret password_for_scrubbing);
  std::string Scrub(std::string message) const;

  PGconn* conn_;
  std::string label_;
  Secret password_;  // only to remove it from messages
  std::mutex cancel_mutex_;
  PGcancel* cancel_ = nullptr;
};

//! Maps a SQLSTATE to the error code Flowfile reports for it.
ErrorCode CodeForSqlState(const std::string& sqlstate);

}  // namespace ff::drivers::postgres
