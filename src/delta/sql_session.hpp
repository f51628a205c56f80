// Where the Delta code's SQL runs: a session of its own on the engine's database (see
// engine/engine.hpp), so the source SQL of a write can name the engine's tables and table
// functions, and the user's engine limits hold. Writers only need "run this" and "give me
// these rows as text".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/session.hpp"
#include "flowfile/delta.hpp"
#include "util/sql_dialect.hpp"

namespace ff::delta {

//! One result row; std::nullopt is SQL NULL. Every value is the VARCHAR cast of the column.
using TextRow = engine::TextRow;

//! `text` as a DuckDB string literal ('it''s'); see util/sql_dialect.hpp.
inline std::string SqlQuote(const std::string& text) { return sql::String(text); }

//! `name` as a DuckDB identifier ("my ""col"").
inline std::string SqlIdent(const std::string& name) { return sql::Identifier(name); }

//! A session for one write (or optimize): its TimeZone is UTC; temp tables and views it makes
//! end with it.
class SqlSession {
 public:
  SqlSession();
  //! Runs a statement. Throws ff::Error(kEngine) naming `what`.
  void Execute(const std::string& sql, const std::string& what) { session_.Execute(sql, what); }
  //! All rows, every value cast to VARCHAR (NULL -> nullopt). Throws ff::Error(kEngine).
  std::vector<TextRow> QueryText(const std::string& sql, const std::string& what) {
    return session_.QueryText(sql, what);
  }
  //! A name for a temp table or view that no other write on this session uses
  //! ("__ff_<prefix>_<random>").
  std::string TempName(const std::string& prefix);

 private:
  engine::Session session_;
};

//! A new session for a write.
std::unique_ptr<SqlSession> OpenSqlSession();

}  // namespace ff::delta
