// One sheet of an .xlsx into a Table: cells by reference (A1), the row/column window of the
// options, the header row, and per-column types. With start_row/start_column 0 the window
// starts at the sheet's first used row/column, as Excel's "used range" does.
#include <charconv>
#include <cmath>
#include <map>
#include <pugixml.hpp>

#include "formats/table.hpp"
#include "formats/xlsx.hpp"
#include "formats/xlsx_package.hpp"
#include "formats/xml_names.hpp"

namespace ff::formats {

namespace {

using xlsx::Child;
using xlsx::Children;
using xlsx::LocalName;

constexpr int64_t kMaxRows = 1048576, kMaxColumns = 16384;
constexpr int64_t kMaxCells = 100'000'000;  // a sparse sheet must not become terabytes

struct Cell {
  enum class Kind { kEmpty, kNumber, kString, kBool, kDate, kDatetime } kind = Kind::kEmpty;
  double number = 0;
  int64_t temporal = 0;  // days (kDate) or microseconds (kDatetime)
  std::string text;
};
using Row = std::map<int64_t, Cell>;

std::string ColumnLetters(int64_t column) {
  std::string out;
  for (int64_t c = column + 1; c > 0; c = (c - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return out;
}

std::string CellName(int64_t row, int64_t column) {
  return ColumnLetters(column) + std::to_string(row + 1);
}

// "AB12" -> row 11, column 27. False when it is not a reference inside Excel's grid.
bool ParseRef(const std::string& ref, int64_t& row, int64_t& column) {
  size_t i = 0;
  int64_t c = 0, r = 0;
  while (i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])) && c <= kMaxColumns) {
    c = c * 26 + ((ref[i] | 0x20) - 'a' + 1), ++i;
  }
  const size_t digits = i;
  while (i < ref.size() && std::isdigit(static_cast<unsigned char>(ref[i])) && r <= kMaxRows) {
    r = r * 10 + (ref[i] - '0'), ++i;
  }
  if (digits == 0 || i == digits || i != ref.size() || c > kMaxColumns || r < 1 || r > kMaxRows) {
    return false;
  }
  row = r - 1, column = c - 1;
  return true;
}

std::string NumberText(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<int64_t>(v));
  }
  char text[64];
  const auto done = std::to_chars(text, text + sizeof text, v);
  return std::string(text, done.ptr);
}

std::string CellText(const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::kNumber: return NumberText(cell.number);
    case Cell::Kind::kBool: return cell.number != 0 ? "true" : "false";
    case Cell::Kind::kDate: return DateText(cell.temporal);
    case Cell::Kind::kDatetime: return DatetimeText(cell.temporal);
    default: return cell.text;
  }
}

// A date-styled serial number as a date (whole days, no time format) or a datetime.
void ApplyDateStyle(Cell& cell, xlsx::DateStyle style, bool date1904) {
  double serial = cell.number;
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return;  // past 9999-12-31
  if (!date1904 && serial >= 1 && serial < 60) serial += 1;               // the phantom 1900-02-29
  const double days = serial - (date1904 ? 24107 : 25569);
  const int64_t micros = std::llround(days * 86400.0 * 1e6);
  if (style == 1 && micros % (86400LL * 1000000) == 0) {
    cell.kind = Cell::Kind::kDate, cell.temporal = micros / (86400LL * 1000000);
  } else {
    cell.kind = Cell::Kind::kDatetime, cell.temporal = micros;
  }
}

// "2024-01-31" or "2024-01-31T12:30:00" (a t="d" cell).
bool ParseIsoCell(const std::string& text, Cell& cell) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  double s = 0;
  const int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf", &y, &mo, &d, &h, &mi, &s);
  if (n < 3 || y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  if (n >= 6 && (h < 0 || h > 24 || mi < 0 || mi > 59 || !(s >= 0 && s < 61))) return false;
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  if (n < 6) {
    cell.kind = Cell::Kind::kDate, cell.temporal = days;
  } else {
    cell.kind = Cell::Kind::kDatetime;
    cell.temporal =
        days * 86400LL * 1000000 + (h * 3600LL + mi * 60LL) * 1000000 + std::llround(s * 1e6);
  }
  return true;
}

Cell ReadCell(pugi::xml_node c, const xlsx::Package& p, const std::string& where) {
  Cell cell;
  const std::string type = c.attribute("t").as_string("n");
  const pugi::xml_node v = Child(c, "v");
  const std::string value = v.text().get();
  if (type == "inlineStr") {
    cell.kind = Cell::Kind::kString, cell.text = xlsx::RichText(Child(c, "is"));
    return cell;
  }
  if (!v) return cell;
  if (type == "s") {
    size_t index = 0;
    const auto done = std::from_chars(value.data(), value.data() + value.size(), index);
    if (done.ec != std::errc() || done.ptr != value.data() + value.size() ||
        index >= p.shared_strings().size()) {
      Fail("Excel", p.path(),
           where + " refers to shared string '" + value +
               "', which the "
               "workbook does not have");
    }
    cell.kind = Cell::Kind::kString, cell.text = p.shared_strings()[index];
  } else if (type == "str") {
    cell.kind = Cell::Kind::kString, cell.text = value;
  } else if (type == "b") {
    cell.kind = Cell::Kind::kBool, cell.number = value == "1" || value == "true";
  } else if (type == "e") {
    return cell;  // #N/A, #DIV/0!: no value
  } else if (type == "d") {
    if (!ParseIsoCell(value, cell)) cell.kind = Cell::Kind::kString, cell.text = value;
  } else {
    const char* begin = value.c_str();
    char* end = nullptr;
    cell.number = std::strtod(begin, &end);
    if (value.empty() || end != begin + value.size()) {
      Fail("Excel", p.path(), where + " holds '" + value + "', which is not a number");
    }
    cell.kind = Cell::Kind::kNumber;
    const int64_t style = c.attribute("s").as_llong(0);
    if (style > 0) ApplyDateStyle(cell, p.date_style(static_cast<size_t>(style)), p.date1904());
  }
  return cell;
}

int64_t Limit(int64_t end, int64_t max) { return end > 0 ? std::min(end, max) : max; }

// The rows of the sheet within the options' window, by sheet row index.
std::map<int64_t, Row> ReadGrid(const xlsx::Package& p, const xlsx::SheetRef& sheet,
                                const XlsxReadOptions& o) {
  const std::string xml = p.Entry(sheet.part);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    Fail("Excel", p.path(),
         "sheet '" + sheet.name + "' is not valid XML (" + parsed.description() + " at byte " +
             std::to_string(parsed.offset) + ")");
  }
  const int64_t row_end = Limit(o.end_row, kMaxRows), column_end = Limit(o.end_column, kMaxColumns);
  std::map<int64_t, Row> grid;
  int64_t next_row = 0;
  for (pugi::xml_node r : Children(Child(doc.document_element(), "sheetData"), "row")) {
    const long long number = r.attribute("r") ? r.attribute("r").as_llong(0) : next_row + 1;
    const int64_t row = number >= 1 && number <= kMaxRows ? number - 1 : -1;
    if (row < 0) {
      Fail("Excel", p.path(),
           "sheet '" + sheet.name + "' has a row numbered '" + r.attribute("r").as_string() +
               "', outside 1-1048576");
    }
    next_row = row + 1;
    if (row < o.start_row || row >= row_end) continue;
    int64_t next_column = 0;
    for (pugi::xml_node c : Children(r, "c")) {
      int64_t cell_row = row, column = next_column;
      const std::string ref = c.attribute("r").as_string();
      if (!ref.empty() && !ParseRef(ref, cell_row, column)) {
        Fail("Excel", p.path(),
             "sheet '" + sheet.name + "' has a cell named '" + ref +
                 "', which is not a cell reference inside Excel's grid");
      }
      next_column = column + 1;
      if (column < o.start_column || column >= column_end) continue;
      const std::string name = ref.empty() ? CellName(row, column) : ref;
      Cell cell = ReadCell(c, p, "sheet '" + sheet.name + "', cell " + name);
      if (cell.kind != Cell::Kind::kEmpty) grid[row][column] = std::move(cell);
    }
  }
  return grid;
}

Column BuildColumn(std::string name, const std::vector<const Cell*>& cells, bool infer) {
  Column out;
  out.name = std::move(name);
  using K = Cell::Kind;
  K kind = K::kEmpty;
  bool mixed = false, integral = true;
  for (const Cell* cell : cells) {
    if (!cell) continue;
    K k = cell->kind;
    if (kind == K::kEmpty) {
      kind = k;
    } else if (kind != k) {
      const bool temporal =
          (kind == K::kDate || kind == K::kDatetime) && (k == K::kDate || k == K::kDatetime);
      if (temporal) kind = K::kDatetime;
      mixed = mixed || !temporal;
    }
    if (k == K::kNumber) {
      integral =
          integral && cell->number == std::floor(cell->number) && std::fabs(cell->number) < 9.2e18;
    }
  }
  if (!infer || mixed || kind == K::kEmpty || kind == K::kString) kind = K::kString;
  out.type = kind == K::kBool       ? "Boolean"
             : kind == K::kNumber   ? (integral ? "Int64" : "Float64")
             : kind == K::kDate     ? "Date"
             : kind == K::kDatetime ? "Datetime"
                                    : "String";
  out.values.reserve(cells.size());
  for (const Cell* cell : cells) {
    if (!cell) {
      out.values.push_back(NullValue());
    } else if (kind == K::kBool) {
      out.values.push_back(BoolValue(cell->number != 0));
    } else if (kind == K::kNumber) {
      out.values.push_back(integral ? IntValue(static_cast<int64_t>(cell->number))
                                    : DoubleValue(cell->number));
    } else if (kind == K::kDate) {
      out.values.push_back(DateValue(cell->temporal));
    } else if (kind == K::kDatetime) {
      out.values.push_back(DatetimeValue(
          cell->kind == K::kDate ? cell->temporal * 86400LL * 1000000 : cell->temporal, false));
    } else {
      out.values.push_back(StringValue(CellText(*cell)));
    }
  }
  return out;
}

// Header names: the header row's text, column_<n> where it is empty, and a suffix for repeats.
std::vector<std::string> ColumnNames(const Row* header, int64_t first, int64_t width) {
  std::vector<std::string> names;
  for (int64_t i = 0; i < width; ++i) {
    std::string name;
    if (header) {
      const auto found = header->find(first + i);
      if (found != header->end()) name = CellText(found->second);
    }
    if (name.empty()) name = "column_" + std::to_string(i + 1);
    int repeat = 0;
    const std::string base = name;
    for (size_t j = 0; j < names.size(); ++j) {
      if (names[j] == name) name = base + "_duplicated_" + std::to_string(repeat++), j = 0;
    }
    names.push_back(name);
  }
  return names;
}

}  // namespace

Table ReadXlsxBytes(const std::string& bytes, const std::string& path, const XlsxReadOptions& o) {
  if (o.start_row < 0 || o.start_column < 0 || o.end_row < 0 || o.end_column < 0) {
    Fail("Excel", path, "start_row, start_column, end_row and end_column must be 0 or more");
  }
  const xlsx::Package package(bytes, path);
  const xlsx::SheetRef* sheet = &package.sheets().front();
  if (!o.sheet_name.empty()) {
    sheet = nullptr;
    std::string known;
    for (const xlsx::SheetRef& s : package.sheets()) {
      if (s.name == o.sheet_name) sheet = &s;
      known += (known.empty() ? "'" : ", '") + s.name + "'";
    }
    if (!sheet)
      Fail("Excel", path, "there is no sheet '" + o.sheet_name + "' (sheets: " + known + ")");
  }
  const std::map<int64_t, Row> grid = ReadGrid(package, *sheet, o);
  int64_t first = o.start_column > 0 ? o.start_column : kMaxColumns, last = -1;
  for (const auto& [index, row] : grid) {
    if (o.start_column == 0) first = std::min(first, row.begin()->first);
    last = std::max(last, row.rbegin()->first);
  }
  Table table;
  if (grid.empty()) return table;
  const int64_t width = last - first + 1;
  auto rows = grid.begin();
  const int64_t first_row = o.start_row > 0 ? o.start_row : rows->first;
  const Row* header = nullptr;
  int64_t data_start = first_row;
  if (o.has_headers) {
    header = rows->first == first_row ? &rows->second : nullptr;
    if (header) ++rows;
    data_start = first_row + 1;
  }
  const int64_t data_end = grid.rbegin()->first + 1;
  const int64_t height = std::max<int64_t>(0, data_end - data_start);
  if (width * height > kMaxCells) {
    Fail("Excel", path,
         "sheet '" + sheet->name + "' spans " + std::to_string(width) + " columns by " +
             std::to_string(height) +
             " rows, more cells than Flowfile reads at once; set end_row or "
             "end_column");
  }
  const std::vector<std::string> names = ColumnNames(header, first, width);
  for (int64_t i = 0; i < width; ++i) {
    std::vector<const Cell*> cells(static_cast<size_t>(height));
    for (auto it = rows; it != grid.end(); ++it) {
      const auto found = it->second.find(first + i);
      if (found != it->second.end())
        cells[static_cast<size_t>(it->first - data_start)] = &found->second;
    }
    table.columns.push_back(BuildColumn(names[static_cast<size_t>(i)], cells, o.type_inference));
  }
  return table;
}

Table ReadXlsx(const std::string& path, const XlsxReadOptions& options) {
  return ReadXlsxBytes(ReadWholeFile(path), path, options);
}

}  // namespace ff::formats
