// The catalog's write modes, each over a SQL session that can see the source rows.
// Catalog::Write resolves the table and refreshes its store row; these do the Delta part.
#pragma once

#include <map>
#include <string>

#include "delta/sql_session.hpp"
#include "flowfile/catalog.hpp"

namespace ff::catalog {

struct WriteTarget {
  std::string full_name;  //!< for messages
  std::string location;   //!< the Delta folder
  std::map<std::string, int64_t> read_versions;
};

//! overwrite, error and append (the Delta writer's modes, with catalog messages).
CatalogWriteResult WritePlain(delta::SqlSession& session, const CatalogWrite& write,
                              const WriteTarget& target);

//! upsert, update and delete by `merge_keys`: validated before anything is written, then one
//! MERGE commit that rewrites only the files whose stats can hold a source key.
CatalogWriteResult WriteKeyed(delta::SqlSession& session, const CatalogWrite& write,
                              const WriteTarget& target);

//! SCD type 2 (see Scd2Options). An identical rerun commits nothing.
CatalogWriteResult WriteScd2(delta::SqlSession& session, const CatalogWrite& write,
                             const WriteTarget& target);

//! The SCD2 settings as the JSON stored in the table row (compared on later scd2 writes).
std::string Scd2ConfigJson(const CatalogWrite& write);

//! Materialises `write.source_sql` as a temp table of `session`; returns its quoted name.
std::string MaterialiseSource(delta::SqlSession& session, const CatalogWrite& write);

//! Throws kInvalidArgument unless every key is a column of the source (and of the table when
//! `table` is given), and the source holds no NULL and no duplicate key.
void ValidateMergeKeys(delta::SqlSession& session, const std::string& source,
                       const delta::DataType& source_schema, const delta::DataType* table,
                       const std::vector<std::string>& keys, const std::string& full_name);

}  // namespace ff::catalog
