// Finding a connection by name when the kind (database or cloud) may be left out.
#pragma once

#include <optional>
#include <string>

#include "flowfile/connections.hpp"

namespace ff::cli {

struct FoundConnection {
  std::optional<DatabaseConnectionInfo> database;  //!< exactly one of the two is set
  std::optional<CloudStorageConnectionInfo> cloud;
};

//! `kind`: "", "database" or "cloud". Unknown name -> kNotFound listing every known
//! connection, closest first; a name used by both kinds without `kind` -> UsageError.
FoundConnection FindConnection(Connections& connections, const std::string& name,
                               const std::string& kind);

}  // namespace ff::cli
