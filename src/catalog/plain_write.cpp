// overwrite / error / append: thin over delta::WriteTableWith, with the table's catalog name
// in error messages.
#include "catalog/write_modes.hpp"
#include "delta/table_writer.hpp"
#include "flowfile/errors.hpp"

namespace ff::catalog {

CatalogWriteResult WritePlain(delta::SqlSession& session, const CatalogWrite& write,
                              const WriteTarget& target) {
  delta::WriteRequest request;
  request.table_root = target.location;
  request.source_sql = write.source_sql;
  switch (write.mode) {
    case CatalogWriteMode::kOverwrite: request.mode = delta::WriteMode::kOverwrite; break;
    case CatalogWriteMode::kError: request.mode = delta::WriteMode::kErrorIfExists; break;
    default: request.mode = delta::WriteMode::kAppend; break;
  }
  request.merge_schema = write.schema_mode == "merge";
  request.partition_by = write.partition_by;
  request.description = write.description;
  request.run_id = write.run_id;
  request.flow_path = write.flow_path;
  request.read_versions = target.read_versions;
  delta::WriteResult written;
  try {
    written = delta::WriteTableWith(session, request);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kAlreadyExists) {
      throw Error(e.code(), "catalog table '" + target.full_name +
                                "' already exists; write_mode='error' refuses to write to it "
                                "(use 'overwrite' or 'append')");
    }
    if (e.code() == ErrorCode::kInvalidArgument) {
      throw Error(e.code(),
                  "catalog table '" + target.full_name + "': " + e.what() +
                      (write.mode == CatalogWriteMode::kAppend && write.schema_mode != "merge"
                           ? " (schema_mode='merge' adds new columns)"
                           : ""));
    }
    throw;
  }
  CatalogWriteResult result;
  result.full_name = target.full_name;
  result.version = written.version;
  result.committed = written.committed;
  result.rows_inserted = written.rows_written;
  result.rows_deleted = written.rows_removed;
  result.files_added = written.files_added;
  result.files_removed = written.files_removed;
  return result;
}

}  // namespace ff::catalog
