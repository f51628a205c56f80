// Excel workbooks (.xlsx, Office Open XML): one sheet read into a Table, a Table written as
// one sheet. Reading uses libzip and pugixml and checks every reference it follows (a corrupt
// zip, bad XML, a missing part or a cell reference outside Excel's grid throws ff::Error
// naming the file, the sheet and the cell). Writing uses libxlsxwriter.
#pragma once

#include <cstdint>
#include <string>

#include "formats/table.hpp"

namespace ff::formats {

struct XlsxReadOptions {
  std::string sheet_name;  //!< empty: the first sheet
  //! 0-based first row/column read; end_row/end_column are exclusive (0 = no limit), so
  //! start_row=1, end_row=3 reads the sheet's rows 2 and 3.
  int64_t start_row = 0, start_column = 0, end_row = 0, end_column = 0;
  bool has_headers = true;  //!< the first row read names the columns (else column_1, ...)
  //! true: each column is Int64, Float64, Boolean, Date, Datetime or String as its cells say
  //! (mixed kinds give String); false: every column is String.
  bool type_inference = false;
};

//! Reads one sheet of the workbook at `path`.
Table ReadXlsx(const std::string& path, const XlsxReadOptions& options);
//! The same from the file's bytes; `path` names the file in errors.
Table ReadXlsxBytes(const std::string& bytes, const std::string& path,
                    const XlsxReadOptions& options);

//! Writes `table` as a new workbook with one sheet (header row, then typed cells: numbers,
//! booleans, text, dates and datetimes with a date format; nulls stay empty). Columns of other
//! types (lists, structs, binary, durations) are refused naming the column.
void WriteXlsx(const std::string& path, const Table& table, const std::string& sheet_name);

}  // namespace ff::formats
