// The parts of an .xlsx package the reader needs, unzipped and parsed: the sheet list, the
// shared strings, which cell styles are dates, and one sheet's XML. Internal to src/formats.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ff::formats::xlsx {

struct SheetRef {
  std::string name;
  std::string part;  //!< zip entry, e.g. "xl/worksheets/sheet1.xml"
};

//! 0: not a date; 1: a date; 2: a date with a time of day.
using DateStyle = int;

class Package {
 public:
  //! Opens the zip in `bytes` (kept alive by the caller) and reads the workbook, its
  //! relationships, the shared strings and the styles. Throws naming `path`.
  Package(const std::string& bytes, const std::string& path);
  ~Package();
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  const std::vector<SheetRef>& sheets() const { return sheets_; }
  const std::vector<std::string>& shared_strings() const { return shared_strings_; }
  DateStyle date_style(size_t style_index) const {
    return style_index < date_styles_.size() ? date_styles_[style_index] : 0;
  }
  bool date1904() const { return date1904_; }
  //! The entry's bytes; throws naming the file and the part when it is missing or unreadable.
  std::string Entry(const std::string& name, bool required = true) const;
  const std::string& path() const { return path_; }

 private:
  void ReadWorkbook();
  void ReadSharedStrings();
  void ReadStyles();

  struct Zip;
  std::unique_ptr<Zip> zip_;
  std::string path_;
  std::vector<SheetRef> sheets_;
  std::vector<std::string> shared_strings_;
  std::vector<DateStyle> date_styles_;
  bool date1904_ = false;
};

//! Whether a number format code shows a date (1) or a date and time (2): d, m, y, h or s
//! outside quotes, escapes and [colour]/[condition] brackets ([h], [mm], [ss] count).
DateStyle DateStyleOfFormat(const std::string& code);
//! The same for Excel's built-in format ids (14-22, 45-47).
DateStyle DateStyleOfBuiltin(int id);

}  // namespace ff::formats::xlsx
