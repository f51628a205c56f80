// Unzipping and parsing the workbook-level parts of an .xlsx: workbook.xml and its
// relationships (sheet names -> parts), sharedStrings.xml, styles.xml (date formats).
// Element names are matched without their namespace prefix, as producers differ.
#include "formats/xlsx_package.hpp"

#include <zip.h>

#include <cstring>
#include <pugixml.hpp>

#include "formats/table.hpp"
#include "formats/xml_names.hpp"

namespace ff::formats::xlsx {

namespace {

constexpr zip_uint64_t kMaxEntryBytes = zip_uint64_t{1} << 31;  // 2 GiB of XML is not a sheet

// "xl/" + "worksheets/sheet1.xml", "/xl/x.xml" or "../x.xml" -> a normalized entry name.
std::string ResolvePart(const std::string& base_dir, const std::string& target) {
  std::string joined = !target.empty() && target[0] == '/' ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    const std::string part = joined.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string DirOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

}  // namespace

struct Package::Zip {
  zip_t* archive = nullptr;
  ~Zip() {
    if (archive) zip_discard(archive);
  }
};

Package::Package(const std::string& bytes, const std::string& path)
    : zip_(std::make_unique<Zip>()), path_(path) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source) zip_->archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!zip_->archive) {
    const std::string reason = zip_error_strerror(&error);
    if (source) zip_source_free(source);
    zip_error_fini(&error);
    Fail("Excel", path, "not a readable .xlsx workbook (zip archive: " + reason + ")");
  }
  zip_error_fini(&error);
  ReadWorkbook();
  ReadSharedStrings();
  ReadStyles();
}

Package::~Package() = default;

std::string Package::Entry(const std::string& name, bool required) const {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(zip_->archive, name.c_str(), ZIP_FL_NOCASE, &stat) != 0) {
    if (!required) return {};
    Fail("Excel", path_, "the workbook has no part '" + name + "'");
  }
  if (!(stat.valid & ZIP_STAT_SIZE) || stat.size > kMaxEntryBytes) {
    Fail("Excel", path_, "the part '" + name + "' is too large or of unknown size");
  }
  zip_file_t* file = zip_fopen_index(zip_->archive, stat.index, 0);
  if (!file) {
    Fail("Excel", path_, "cannot open the part '" + name + "': " + zip_strerror(zip_->archive));
  }
  std::string out(static_cast<size_t>(stat.size), '\0');
  zip_uint64_t done = 0;
  while (done < stat.size) {
    const zip_int64_t n = zip_fread(file, out.data() + done, stat.size - done);
    if (n <= 0) break;
    done += static_cast<zip_uint64_t>(n);
  }
  char extra = 0;
  const bool longer = done == stat.size && zip_fread(file, &extra, 1) > 0;
  const std::string reason = zip_file_strerror(file);
  zip_fclose(file);
  if (done != stat.size || longer) {
    Fail("Excel", path_, "the part '" + name + "' is corrupt (" + reason + ")");
  }
  return out;
}

namespace {

pugi::xml_document ParseXml(const std::string& text, const std::string& path,
                            const std::string& part) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    Fail("Excel", path,
         "the part '" + part + "' is not valid XML (" + parsed.description() + " at byte " +
             std::to_string(parsed.offset) + ")");
  }
  return doc;
}

}  // namespace

void Package::ReadWorkbook() {
  std::string workbook_part = "xl/workbook.xml";
  const std::string root_rels = Entry("_rels/.rels", false);
  if (!root_rels.empty()) {
    const pugi::xml_document rels = ParseXml(root_rels, path_, "_rels/.rels");
    for (pugi::xml_node r : Children(First(rels), "Relationship")) {
      const std::string type = r.attribute("Type").as_string();
      if (type.size() >= 15 && type.compare(type.size() - 15, 15, "/officeDocument") == 0) {
        workbook_part = ResolvePart("", r.attribute("Target").as_string());
      }
    }
  }
  const pugi::xml_document workbook = ParseXml(Entry(workbook_part), path_, workbook_part);
  const pugi::xml_node root = First(workbook);
  const pugi::xml_node properties = Child(root, "workbookPr");
  const std::string date1904 = properties.attribute("date1904").as_string();
  date1904_ = date1904 == "1" || date1904 == "true";

  const std::string base = DirOf(workbook_part);
  const std::string rels_part = base + "_rels/" + workbook_part.substr(base.size()) + ".rels";
  const pugi::xml_document rels = ParseXml(Entry(rels_part), path_, rels_part);
  for (pugi::xml_node sheet : Children(Child(root, "sheets"), "sheet")) {
    const std::string name = sheet.attribute("name").as_string();
    std::string id;
    for (pugi::xml_attribute a : sheet.attributes()) {
      if (LocalName(a.name()) == "id" && std::strchr(a.name(), ':')) id = a.value();
    }
    std::string part;
    for (pugi::xml_node r : Children(First(rels), "Relationship")) {
      if (id == r.attribute("Id").as_string()) {
        part = ResolvePart(base, r.attribute("Target").as_string());
      }
    }
    if (part.empty()) {
      Fail("Excel", path_, "the sheet '" + name + "' has no part in " + rels_part);
    }
    sheets_.push_back({name, part});
  }
  if (sheets_.empty()) Fail("Excel", path_, "the workbook lists no sheets");
}

void Package::ReadSharedStrings() {
  const std::string text = Entry("xl/sharedStrings.xml", false);
  if (text.empty()) return;
  const pugi::xml_document doc = ParseXml(text, path_, "xl/sharedStrings.xml");
  for (pugi::xml_node si : Children(First(doc), "si")) shared_strings_.push_back(RichText(si));
}

void Package::ReadStyles() {
  const std::string text = Entry("xl/styles.xml", false);
  if (text.empty()) return;
  const pugi::xml_document doc = ParseXml(text, path_, "xl/styles.xml");
  const pugi::xml_node root = First(doc);
  std::vector<std::pair<int, DateStyle>> custom;
  for (pugi::xml_node f : Children(Child(root, "numFmts"), "numFmt")) {
    custom.emplace_back(f.attribute("numFmtId").as_int(-1),
                        DateStyleOfFormat(f.attribute("formatCode").as_string()));
  }
  for (pugi::xml_node xf : Children(Child(root, "cellXfs"), "xf")) {
    const int id = xf.attribute("numFmtId").as_int(0);
    DateStyle style = DateStyleOfBuiltin(id);
    for (const auto& [custom_id, custom_style] : custom) {
      if (custom_id == id) style = custom_style;
    }
    date_styles_.push_back(style);
  }
}

DateStyle DateStyleOfBuiltin(int id) {
  if (id >= 14 && id <= 17) return 1;
  if ((id >= 18 && id <= 22) || (id >= 45 && id <= 47)) return 2;
  return 0;
}

DateStyle DateStyleOfFormat(const std::string& code) {
  bool date = false, time = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char ch = code[i];
    if (ch == '"') {
      const size_t end = code.find('"', i + 1);
      if (end == std::string::npos) break;
      i = end;
    } else if (ch == '\\' || ch == '_' || ch == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (ch == '[') {
      const size_t end = code.find(']', i + 1);
      if (end == std::string::npos) break;
      const std::string inside = code.substr(i + 1, end - i - 1);
      const char first = inside.empty() ? ' ' : static_cast<char>(inside[0] | 0x20);
      if (first == 'h' || first == 'm' || first == 's')
        time = time || inside.find_first_not_of("hHmMsS") == std::string::npos;
      i = end;
    } else if (ch == ';') {
      break;  // the first section decides
    } else {
      const char lower = static_cast<char>(ch | 0x20);
      if (lower == 'd' || lower == 'y') date = true;
      if (lower == 'm') date = true;
      if (lower == 'h' || lower == 's') time = true;
    }
  }
  if (time) return 2;
  return date ? 1 : 0;
}

}  // namespace ff::formats::xlsx
