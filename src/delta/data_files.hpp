// Data files for a write: Parquet written by DuckDB COPY, one per partition value tuple,
// plus the add action (size, partition values, stats) for each.
#pragma once

#include <string>
#include <vector>

#include "flowfile/delta.hpp"

namespace ff::delta {

class SqlSession;

struct WrittenFiles {
  std::vector<AddFile> adds;
  int64_t rows = 0;
  int64_t bytes = 0;
};

//! Writes the rows of `relation` (a table, view or parenthesised query in `db`, with the schema's
//! columns) under `table_root`. Partition columns become folders (`col=value/`) and log values, not
//! Parquet columns. Every add gets stats (numRecords, minValues, maxValues, nullCount).
WrittenFiles WriteDataFiles(SqlSession& db, const std::string& table_root,
                            const std::string& relation, const DataType& schema,
                            const std::vector<std::string>& partition_columns);
//! Deletes files a write created but did not commit (every failure path after
//! WriteDataFiles), so a failed write leaves no partial or orphaned data file behind.
void RemoveDataFiles(const std::string& table_root, const std::vector<AddFile>& adds);

//! Delta stats JSON of one written Parquet file for the schema's top-level primitive columns.
std::string ComputeFileStats(SqlSession& db, const std::string& file_path, const DataType& schema,
                             const std::vector<std::string>& partition_columns);

}  // namespace ff::delta
