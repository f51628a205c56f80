// The catalog layer over Delta tables (issue 5). This first slice holds only table-name
// parsing; the Catalog class (namespaces, writes, reads, history, restore, vacuum) is to come.
#pragma once

#include <string>
#include <string_view>

namespace ff {

//! Flowfile's default namespace for bare or two-part names.
inline constexpr std::string_view kDefaultCatalogName = "General";
inline constexpr std::string_view kDefaultSchemaName = "default";

//! A fully resolved `catalog.schema.table` name.
struct CatalogTableName {
  std::string catalog;
  std::string schema;
  std::string table;
  std::string FullName() const { return catalog + "." + schema + "." + table; }
};

//! True when `part` is a valid namespace or table name: `^[A-Za-z_][A-Za-z0-9_]*$`.
bool IsValidCatalogIdentifier(std::string_view part);

//! Parses `table`, `schema.table` or `catalog.schema.table`; missing leading parts default to
//! `General` / `default`. Throws ff::Error(kInvalidArgument) naming the bad part otherwise.
CatalogTableName ParseCatalogTableName(std::string_view name);

}  // namespace ff
