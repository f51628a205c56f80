// The store's schema, as an append-only list of migrations: entry i takes the schema from
// version i to i+1. Never edit a released entry; add a new one.
#pragma once

#include <string>
#include <vector>

namespace ff {

const std::vector<std::string>& StoreMigrations();

}  // namespace ff
