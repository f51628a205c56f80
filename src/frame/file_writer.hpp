// Running a plan into a local file, for callers that need the row count or an append (flow
// output nodes). FlowFrame::write_* use the same path.
#pragma once

#include <cstdint>
#include <string>

#include "flowfile/frame.hpp"
#include "frame/plan_node.hpp"

namespace ff::frame {

struct FileWrite {
  std::string format = "csv";  //!< csv | parquet | ndjson
  CsvWriteOptions csv;
  ParquetWriteOptions parquet;
  bool append = false;     //!< add to the end of an existing file (csv: header included)
  bool quote_all = false;  //!< csv: quote every field
};

//! Writes via a temporary file beside `path` (renamed, or appended, on success; removed on
//! failure). Returns the rows written.
int64_t WriteFile(const NodePtr& plan, const std::string& path, const FileWrite& write);

}  // namespace ff::frame
