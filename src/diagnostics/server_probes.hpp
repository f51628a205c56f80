// `connections test` for connections that reach a server: PostgreSQL, MariaDB/MySQL and the
// cloud object stores. Each connects with the same driver or client that reads and writes
// data, so a passing test means reads will connect too.
//
// Contract: each returns what the server reported as its version ("PostgreSQL 15.4 ...";
// for cloud stores, the store's kind) and sets `detail` to a one-line summary. Failures are
// the drivers' ff::Errors (refused credentials, unreachable host, unknown bucket), in our
// words; secrets are resolved here just in time and never appear in a message.
#pragma once

#include <string>

#include "flowfile/connections.hpp"

namespace ff {
class Workspace;
}

namespace ff::diagnostics {

std::string ProbePostgres(Workspace& workspace, const DatabaseConnectionInfo& info,
                          std::string& detail);
std::string ProbeMariaDb(Workspace& workspace, const DatabaseConnectionInfo& info,
                         std::string& detail);
//! Lists at most one object under the connection's first scope (its bucket and prefix).
//! A connection without a scope names no bucket to try: kInvalidArgument saying so.
std::string ProbeCloud(const CloudStorageConnectionInfo& info, std::string& detail);

}  // namespace ff::diagnostics
