#include "delta/sql_session.hpp"

#include <algorithm>

#include "delta/commit_store.hpp"

namespace ff::delta {

SqlSession::SqlSession() { session_.Execute("SET TimeZone = 'UTC'", "setting the time zone"); }

std::string SqlSession::TempName(const std::string& prefix) {
  std::string id = NewUuid();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return "__ff_" + prefix + "_" + id.substr(0, 12);
}

std::unique_ptr<SqlSession> OpenSqlSession() { return std::make_unique<SqlSession>(); }

}  // namespace ff::delta
