// Excel: workbooks zipped here from hand-written XML (cell kinds, windows, bad references,
// missing parts), our writer's files read back, date format detection, and truncated or
// non-zip bytes failing with ff::Error naming the file.
#include "formats/xlsx.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <map>

#include "expect_error.hpp"
#include "formats/xlsx_package.hpp"
#include "formats/xml_names.hpp"

namespace ff::formats {
namespace {

const char* const kNs = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";

// A zip (deflated) holding `parts`, as bytes.
std::string Zip(const std::map<std::string, std::string>& parts) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("ff_xlsx_test_" + std::to_string(::getpid()) + ".zip"))
                               .string();
  std::filesystem::remove(path);
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, text] : parts) {
    zip_source_t* source = zip_source_buffer(z, text.data(), text.size(), 0);
    zip_file_add(z, name.c_str(), source, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  std::string bytes = ReadWholeFile(path);
  std::filesystem::remove(path);
  return bytes;
}

std::string Workbook(const std::string& sheet_xml) {
  return Zip({{"xl/workbook.xml", std::string("<workbook ") + kNs +
                                      " xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/>"
                                      "</sheets></workbook>"},
              {"xl/_rels/workbook.xml.rels",
               "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/s.xml\"/>"
               "</Relationships>"},
              {"xl/sharedStrings.xml", std::string("<sst ") + kNs + "><si><t>h</t></si></sst>"},
              {"xl/worksheets/s.xml", sheet_xml}});
}

std::string Sheet(const std::string& rows) {
  return std::string("<worksheet ") + kNs + "><sheetData>" + rows + "</sheetData></worksheet>";
}

TEST(XlsxTest, CellsWithoutReferencesAndWindows) {
  const std::string book = Workbook(Sheet(
      "<row><c t=\"s\"><v>0</v></c><c t=\"inlineStr\"><is><t>k</t></is></c><c><v>3</v></c></row>"
      "<row><c><v>1</v></c><c><v>2.5</v></c><c t=\"b\"><v>1</v></c></row>"
      "<row><c><v>4</v></c><c/><c t=\"e\"><v>#REF!</v></c></row>"));
  XlsxReadOptions o;
  o.type_inference = true;
  Table t = ReadXlsxBytes(book, "w.xlsx", o);
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].name, "h");
  EXPECT_EQ(t.columns[1].name, "k");
  EXPECT_EQ(t.columns[2].name, "3");
  EXPECT_EQ(t.columns[0].type, "Int64");
  EXPECT_EQ(t.columns[1].type, "Float64");
  EXPECT_EQ(t.columns[2].type, "Boolean");
  EXPECT_TRUE(t.columns[1].values[1].is_null());
  o.start_row = 1, o.start_column = 1, o.end_column = 2, o.has_headers = false;
  t = ReadXlsxBytes(book, "w.xlsx", o);
  ASSERT_EQ(t.columns.size(), 1u);
  EXPECT_EQ(t.columns[0].name, "column_1");
  ASSERT_EQ(t.height(), 1u);  // row 3's only cell in column B is empty: trailing rows end
  EXPECT_EQ(t.columns[0].values[0].floating, 2.5);
}

TEST(XlsxTest, BadReferencesAndValuesNameTheCell) {
  EXPECT_NE(test_support::MessageOf(
                [] {
                  ReadXlsxBytes(Workbook(Sheet("<row r=\"1\"><c r=\"A0\"><v>1</v></c></row>")),
                                "w.xlsx", {});
                },
                ErrorCode::kInvalidArgument)
                .find("cell named 'A0'"),
            std::string::npos);
  EXPECT_NE(test_support::MessageOf(
                [] {
                  ReadXlsxBytes(Workbook(Sheet("<row><c r=\"XFE1\"><v>1</v></c></row>")), "w.xlsx",
                                {});
                },
                ErrorCode::kInvalidArgument)
                .find("'XFE1'"),
            std::string::npos);
  EXPECT_NE(test_support::MessageOf(
                [] {
                  ReadXlsxBytes(Workbook(Sheet("<row><c r=\"B2\" t=\"s\"><v>7</v></c></row>")),
                                "w.xlsx", {});
                },
                ErrorCode::kInvalidArgument)
                .find("sheet 'S', cell B2 refers to shared string '7'"),
            std::string::npos);
  EXPECT_NE(test_support::MessageOf(
                [] {
                  ReadXlsxBytes(Workbook(Sheet("<row><c r=\"C3\"><v>1x</v></c></row>")), "w.xlsx",
                                {});
                },
                ErrorCode::kInvalidArgument)
                .find("cell C3 holds '1x', which is not a number"),
            std::string::npos);
  EXPECT_NE(test_support::MessageOf(
                [] {
                  ReadXlsxBytes(Workbook(Sheet(
                                    "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1048576\">"
                                    "<c r=\"XFD1048576\"><v>1</v></c></row>")),
                                "w.xlsx", {});
                },
                ErrorCode::kInvalidArgument)
                .find("more cells than Flowfile reads at once"),
            std::string::npos);
}

TEST(XlsxTest, MissingPartsAndNonZipBytesNameTheFile) {
  const std::string no_sheet = Zip({{"xl/workbook.xml", "<workbook><sheets/></workbook>"},
                                    {"xl/_rels/workbook.xml.rels", "<Relationships/>"}});
  EXPECT_NE(test_support::MessageOf([&] { ReadXlsxBytes(no_sheet, "e.xlsx", {}); },
                                    ErrorCode::kInvalidArgument)
                .find("'e.xlsx': the workbook lists no sheets"),
            std::string::npos);
  EXPECT_NE(test_support::MessageOf([] { ReadXlsxBytes("PK\3\4 not really", "z.xlsx", {}); },
                                    ErrorCode::kInvalidArgument)
                .find("'z.xlsx': not a readable .xlsx workbook"),
            std::string::npos);
  const std::string book = Workbook(Sheet("<row><c><v>1</v></c></row>"));
  for (size_t n = 0; n < book.size(); n += 7) {
    test_support::MessageOf([&] { ReadXlsxBytes(book.substr(0, n), "t.xlsx", {}); },
                            ErrorCode::kInvalidArgument);
  }
}

TEST(XlsxTest, EscapedCharactersAreDecoded) {
  EXPECT_EQ(xlsx::Unescape("a_x000D_b_x00e9_"), "a\rb\xC3\xA9");
  EXPECT_EQ(xlsx::Unescape("_x12_ _xZZZZ_ _x004"), "_x12_ _xZZZZ_ _x004");
}

TEST(XlsxTest, DateFormatsAreRecognized) {
  EXPECT_EQ(xlsx::DateStyleOfFormat("yyyy-mm-dd"), 1);
  EXPECT_EQ(xlsx::DateStyleOfFormat("d/m/yy h:mm"), 2);
  EXPECT_EQ(xlsx::DateStyleOfFormat("[h]:mm:ss"), 2);
  EXPECT_EQ(xlsx::DateStyleOfFormat("0.00"), 0);
  EXPECT_EQ(xlsx::DateStyleOfFormat("General"), 0);
  EXPECT_EQ(xlsx::DateStyleOfFormat("[Red]0.00;\"days\""), 0);
  EXPECT_EQ(xlsx::DateStyleOfFormat("#,##0 \"d\""), 0);
  EXPECT_EQ(xlsx::DateStyleOfBuiltin(14), 1);
  EXPECT_EQ(xlsx::DateStyleOfBuiltin(22), 2);
  EXPECT_EQ(xlsx::DateStyleOfBuiltin(2), 0);
}

TEST(XlsxTest, OurWriterReadsBack) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("ff_xlsx_w_" + std::to_string(::getpid()) + ".xlsx"))
                               .string();
  Table t;
  t.columns.push_back({"n", "Int32", false, 38, 0, {IntValue(1), NullValue(), IntValue(-2)}});
  t.columns.push_back({"when",
                       "Datetime",
                       false,
                       38,
                       0,
                       {DatetimeValue(86400000000LL * 19753 + 1000000, false), NullValue(),
                        DatetimeValue(0, false)}});
  WriteXlsx(path, t, "Out");
  XlsxReadOptions o;
  o.sheet_name = "Out", o.type_inference = true;
  const Table back = ReadXlsx(path, o);
  std::filesystem::remove(path);
  ASSERT_EQ(back.columns.size(), 2u);
  EXPECT_EQ(back.columns[0].type, "Int64");
  EXPECT_EQ(back.columns[1].type, "Datetime");
  EXPECT_EQ(back.columns[1].values[0].integer, 86400000000LL * 19753 + 1000000);
  EXPECT_TRUE(back.columns[1].values[1].is_null());
  Table bad;
  bad.columns.push_back({"l", "List", false, 38, 0, {}});
  EXPECT_NE(test_support::MessageOf([&] { WriteXlsx(path, bad, "S"); }, ErrorCode::kUnsupported)
                .find("'l' is of type List"),
            std::string::npos);
  EXPECT_NE(
      test_support::MessageOf([&] { WriteXlsx(path, t, "bad[name]"); }, ErrorCode::kInvalidArgument)
          .find("sheet name 'bad[name]'"),
      std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace ff::formats
