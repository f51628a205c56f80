// `connections test`: connect for real where a driver exists and report what answered.
//
// Contract:
//  - sqlite: the file is opened read-only (never created) and `sqlite_version()` is read,
//    together with the schema's object count, which fails for a file that is not a
//    SQLite database.
//  - duckdb: the file is attached read-only to the engine under a unique name, its version and
//    table count read, and detached.
//  - postgresql, mysql/mariadb: connects with the driver that reads and writes data and
//    reads the server's version().
//  - cloud connections (s3, adls, gcs): lists at most one object under the connection's first
//    scope; a connection without a scope is refused (kInvalidArgument) since it names no bucket.
//  - any other database type (mssql): kUnsupported naming the type and the supported ones.
//  - Failures throw ff::Error (kNotFound for an unknown name, listing the known ones; kIo
//    for a file that is missing or unreadable; kUnsupported as above). Every attempt is
//    recorded in the audit log as action "test" with its outcome.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ff {

class Workspace;

struct ConnectionTestResult {
  std::string connection_name;
  std::string kind;            //!< database_connection | cloud_connection
  std::string type;            //!< database_type or storage_type
  std::string server_version;  //!< what the driver reported, e.g. "3.40.1"
  std::string detail;          //!< a one-line human summary
  double elapsed_ms = 0;
};

//! `kind` ("database" or "cloud") picks one when both kinds have a connection so named.
ConnectionTestResult TestConnection(Workspace& workspace, std::string_view name,
                                    std::optional<std::string> kind = std::nullopt);

}  // namespace ff
