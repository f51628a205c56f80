// A Table as a one-sheet .xlsx through libxlsxwriter (constant-memory mode: rows are
// streamed, strings inline). Written to a temporary file beside the target, renamed when the
// workbook closed cleanly.
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "flowfile/errors.hpp"
#include "formats/xlsx.hpp"

namespace ff::formats {

namespace {

constexpr double kEpochSerial = 25569;  // 1970-01-01 in Excel's 1900 date system

double Serial(double days) {
  // From 1900-01-01 to 1900-02-28 Excel counts one day less (its phantom 1900-02-29); times
  // of day alone (serial below 1) and dates before 1900 are not shifted.
  const double serial = days + kEpochSerial;
  return serial >= 2 && serial < 61 ? serial - 1 : serial;
}

enum class Kind { kNumber, kBool, kString, kDate, kDatetime, kTime, kDecimal };

Kind KindOf(const std::string& path, const Column& column) {
  const std::string& t = column.type;
  if (t.rfind("Int", 0) == 0 || t.rfind("UInt", 0) == 0 || t == "Float32" || t == "Float64" ||
      t == "Null") {
    return Kind::kNumber;
  }
  if (t == "Boolean") return Kind::kBool;
  if (t == "String" || t == "Categorical" || t == "Enum") return Kind::kString;
  if (t == "Date") return Kind::kDate;
  if (t == "Datetime") return Kind::kDatetime;
  if (t == "Time") return Kind::kTime;
  if (t == "Decimal") return Kind::kDecimal;
  Refuse("Excel", path,
         "the column '" + column.name + "' is of type " + t +
             ", which Excel cells cannot hold; cast it to String first");
}

double Number(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kInt: return static_cast<double>(v.integer);
    case Value::Kind::kUInt: return static_cast<double>(v.unsigned_integer);
    case Value::Kind::kDouble: return v.floating;
    case Value::Kind::kDecimal: return std::strtod(v.text.c_str(), nullptr);
    default: return NAN;
  }
}

// Closes the workbook and removes the temporary file unless the write completed.
struct Workbook {
  lxw_workbook* book = nullptr;
  std::string temporary;
  bool done = false;
  ~Workbook() {
    if (book) workbook_close(book);
    if (!done) std::remove(temporary.c_str());
  }
};

lxw_error WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, Kind kind, const Value& v,
                    lxw_format* date, lxw_format* datetime, lxw_format* time) {
  switch (kind) {
    case Kind::kBool: return worksheet_write_boolean(sheet, row, col, v.boolean, nullptr);
    case Kind::kString: return worksheet_write_string(sheet, row, col, v.text.c_str(), nullptr);
    case Kind::kDate:
      return worksheet_write_number(sheet, row, col, Serial(static_cast<double>(v.integer)), date);
    case Kind::kDatetime:
      return worksheet_write_number(sheet, row, col,
                                    Serial(static_cast<double>(v.integer) / 86400e6), datetime);
    case Kind::kTime:
      return worksheet_write_number(sheet, row, col, static_cast<double>(v.integer) / 86400e6,
                                    time);
    default: {
      const double number = Number(v);
      if (!std::isfinite(number)) return LXW_NO_ERROR;  // NaN and infinities stay empty
      return worksheet_write_number(sheet, row, col, number, nullptr);
    }
  }
}

}  // namespace

void WriteXlsx(const std::string& path, const Table& table, const std::string& sheet_name) {
  const std::string name = sheet_name.empty() ? "Sheet1" : sheet_name;
  if (table.columns.size() > 16384) {
    Refuse("Excel", path,
           "a sheet holds at most 16384 columns; the data has " +
               std::to_string(table.columns.size()));
  }
  if (table.height() >= 1048576) {
    Refuse("Excel", path,
           "a sheet holds at most 1048575 rows below its header; the data has " +
               std::to_string(table.height()));
  }
  std::vector<Kind> kinds;
  for (const Column& c : table.columns) kinds.push_back(KindOf(path, c));
  const std::string temporary = path + ".ff-tmp.xlsx";
  {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    Workbook wb{workbook_new_opt(temporary.c_str(), &options), temporary};
    if (!wb.book) Fail("Excel", path, "cannot create the workbook file '" + temporary + "'");
    if (lxw_error e = workbook_validate_sheet_name(wb.book, name.c_str()); e != LXW_NO_ERROR) {
      Fail("Excel", path, "the sheet name '" + name + "' is not allowed: " + lxw_strerror(e));
    }
    lxw_worksheet* sheet = workbook_add_worksheet(wb.book, name.c_str());
    lxw_format* date = workbook_add_format(wb.book);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* datetime = workbook_add_format(wb.book);
    format_set_num_format(datetime, "yyyy-mm-dd hh:mm:ss");
    lxw_format* time = workbook_add_format(wb.book);
    format_set_num_format(time, "hh:mm:ss");
    for (size_t c = 0; c < table.columns.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), table.columns[c].name.c_str(),
                             nullptr);
    }
    for (size_t r = 0; r < table.height(); ++r) {
      for (size_t c = 0; c < table.columns.size(); ++c) {
        const Value& v = table.columns[c].values[r];
        if (v.is_null()) continue;
        const lxw_error e = WriteCell(sheet, static_cast<lxw_row_t>(r + 1),
                                      static_cast<lxw_col_t>(c), kinds[c], v, date, datetime, time);
        if (e != LXW_NO_ERROR) {
          Fail("Excel", path,
               "column '" + table.columns[c].name + "', row " + std::to_string(r + 1) + ": " +
                   lxw_strerror(e));
        }
      }
    }
    const lxw_error closed = workbook_close(wb.book);
    wb.book = nullptr;
    if (closed != LXW_NO_ERROR) {
      Fail("Excel", path, std::string("cannot write the workbook: ") + lxw_strerror(closed));
    }
    wb.done = true;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    throw Error(ErrorCode::kIo, "Excel file '" + path + "': cannot write it: " + ec.message());
  }
}

}  // namespace ff::formats
