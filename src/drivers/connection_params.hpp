// The fields every server driver's parameters share, filled from a stored connection.
#pragma once

#include <utility>

#include "flowfile/connections.hpp"
#include "flowfile/secret.hpp"

namespace ff::drivers {

//! `Params` has label, host, port, database, username, password and ssl_enabled (the
//! PostgreSQL and MariaDB drivers' parameter structs); other fields keep their defaults.
template <typename Params>
Params CommonParams(const DatabaseConnectionInfo& info, Secret password) {
  Params params;
  params.label = info.connection_name;
  params.host = info.host;
  params.port = info.port;
  params.database = info.database;
  params.username = info.username;
  params.password = std::move(password);
  params.ssl_enabled = info.ssl_enabled;
  return params;
}

}  // namespace ff::drivers
