// Writing an Arrow IPC file: "ARROW1" magic, the schema message, one record batch holding
// every row, the end-of-stream marker, the footer (schema + the batch's block), its length
// and the closing magic. Buffers are 8-byte aligned; validity bitmaps only when nulls exist.
#include <algorithm>
#include <cstring>

#include "formats/arrow_ipc.hpp"
#include "formats/flatbuf.hpp"

namespace ff::formats {

namespace {

// 128-bit integers for Decimal128 (a GCC/Clang extension; __extension__ keeps -Wpedantic quiet).
__extension__ typedef __int128 Int128;

using flatbuf::NewString;
using flatbuf::NewStructs;
using flatbuf::NewTable;
using flatbuf::NewTables;
using flatbuf::ObjectPtr;

enum TypeId : uint8_t {
  kNullType = 1,
  kInt = 2,
  kFloat = 3,
  kBinary = 4,
  kUtf8 = 5,
  kBool = 6,
  kDecimal = 7,
  kDate = 8,
  kTime = 9,
  kTimestamp = 10,
  kLargeBinary = 19,
  kLargeUtf8 = 20
};

struct Layout {
  uint8_t type = kNullType;
  ObjectPtr type_table;
  size_t width = 0;  // bytes per fixed value
  bool is_signed = true;
  bool variable = false, boolean = false;
};

Layout LayoutOf(const Column& c, const std::string& path) {
  Layout l;
  l.type_table = NewTable();
  const std::string& t = c.type;
  for (int bits : {8, 16, 32, 64}) {
    for (bool is_signed : {true, false}) {
      if (t == (is_signed ? "Int" : "UInt") + std::to_string(bits)) {
        l.type = kInt, l.width = static_cast<size_t>(bits / 8), l.is_signed = is_signed;
        l.type_table->Add(0, 4, static_cast<uint64_t>(bits)).Add(1, 1, is_signed);
        return l;
      }
    }
  }
  if (t == "Float32" || t == "Float64") {
    l.type = kFloat, l.width = t == "Float32" ? 4 : 8;
    l.type_table->Add(0, 2, t == "Float32" ? 1 : 2);
  } else if (t == "String" || t == "Binary") {
    size_t total = 0;
    for (const Value& v : c.values) total += v.text.size();
    const bool large = total > 0x7FFFFFFF;
    l.type = t == "String" ? (large ? kLargeUtf8 : kUtf8) : (large ? kLargeBinary : kBinary);
    l.width = large ? 8 : 4, l.variable = true;
  } else if (t == "Boolean") {
    l.type = kBool, l.boolean = true;
  } else if (t == "Date") {
    l.type = kDate, l.width = 4;
    l.type_table->Add(0, 2, 0);  // DAY
  } else if (t == "Datetime") {
    l.type = kTimestamp, l.width = 8;
    l.type_table->Add(0, 2, 2);  // MICROSECOND
    if (c.utc) l.type_table->AddChild(1, NewString("UTC"));
  } else if (t == "Time") {
    l.type = kTime, l.width = 8;
    l.type_table->Add(0, 2, 2).Add(1, 4, 64);  // MICROSECOND, 64 bits
  } else if (t == "Decimal" && c.precision >= 1 && c.precision <= 38 && c.scale >= 0 &&
             c.scale <= c.precision) {
    l.type = kDecimal, l.width = 16;
    l.type_table->Add(0, 4, static_cast<uint64_t>(c.precision))
        .Add(1, 4, static_cast<uint64_t>(c.scale))
        .Add(2, 4, 128);
  } else if (t != "Null") {
    Refuse("Arrow IPC", path,
           "the column '" + c.name + "' is of type " + t +
               ", which Flowfile does not write to Arrow IPC yet; cast it "
               "first");
  }
  return l;
}

ObjectPtr Schema(const Table& table, const std::vector<Layout>& layouts) {
  std::vector<ObjectPtr> fields;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    auto field = NewTable();
    field->AddChild(0, NewString(table.columns[i].name))
        .Add(1, 1, 1)
        .Add(2, 1, layouts[i].type)
        .AddChild(3, layouts[i].type_table)
        .AddChild(5, NewTables({}));
    fields.push_back(field);
  }
  auto schema = NewTable();
  schema->Add(0, 2, 0).AddChild(1, NewTables(std::move(fields)));
  return schema;
}

template <typename T>
void Append(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

void Pad8(std::string& out) {
  while (out.size() % 8 != 0) out.push_back('\0');
}

// "-12.5" at scale 2 -> -1250 (digits past the scale are cut; DuckDB gives exactly `scale`).
Int128 Unscaled(const std::string& text, int scale, const std::string& path,
                const std::string& column) {
  Int128 out = 0;
  int decimals = -1;
  bool negative = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (i == 0 && (ch == '-' || ch == '+')) {
      negative = ch == '-';
    } else if (ch == '.' && decimals < 0) {
      decimals = 0;
    } else if (ch >= '0' && ch <= '9') {
      if (decimals < scale) {
        out = out * 10 + (ch - '0');
        if (decimals >= 0) ++decimals;
      }
    } else {
      Fail("Arrow IPC", path, "column '" + column + "': '" + text + "' is not a decimal");
    }
  }
  for (int d = std::max(decimals, 0); d < scale; ++d) out *= 10;
  return negative ? -out : out;
}

double Floating(const Value& v) {
  if (v.kind == Value::Kind::kInt) return static_cast<double>(v.integer);
  if (v.kind == Value::Kind::kUInt) return static_cast<double>(v.unsigned_integer);
  return v.floating;
}

uint64_t RawBits(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kUInt: return v.unsigned_integer;
    case Value::Kind::kDouble: return static_cast<uint64_t>(static_cast<int64_t>(v.floating));
    case Value::Kind::kBool: return v.boolean;
    default: return static_cast<uint64_t>(v.integer);
  }
}

// Appends one column's buffers to `body`, recording (offset, length) pairs in `buffers`.
void WriteColumn(const Column& c, const Layout& l, std::string& body, std::string& buffers,
                 int64_t& nulls, const std::string& path) {
  const size_t rows = c.values.size();
  auto add = [&](const std::string& bytes) {
    Append<int64_t>(buffers, static_cast<int64_t>(body.size()));
    Append<int64_t>(buffers, static_cast<int64_t>(bytes.size()));
    body += bytes;
    Pad8(body);
  };
  nulls = 0;
  std::string validity((rows + 7) / 8, '\0'), values;
  for (size_t i = 0; i < rows; ++i) {
    if (c.values[i].is_null())
      ++nulls;
    else
      validity[i / 8] = static_cast<char>(validity[i / 8] | (1 << (i % 8)));
  }
  if (l.type == kNullType) {
    nulls = static_cast<int64_t>(rows);
    return;
  }
  add(nulls > 0 ? validity : std::string());
  if (l.boolean) {
    values.assign((rows + 7) / 8, '\0');
    for (size_t i = 0; i < rows; ++i) {
      if (c.values[i].boolean) values[i / 8] = static_cast<char>(values[i / 8] | (1 << (i % 8)));
    }
  } else if (l.variable) {
    std::string data;
    for (size_t i = 0; i <= rows; ++i) {
      if (l.width == 4)
        Append<int32_t>(values, static_cast<int32_t>(data.size()));
      else
        Append<int64_t>(values, static_cast<int64_t>(data.size()));
      if (i < rows) data += c.values[i].text;
    }
    add(values);
    values = std::move(data);
  } else {
    values.reserve(rows * l.width);
    for (const Value& v : c.values) {
      if (l.type == kFloat && l.width == 4) {
        Append<float>(values, static_cast<float>(Floating(v)));
      } else if (l.type == kFloat) {
        Append<double>(values, Floating(v));
      } else if (l.type == kDecimal) {
        Append<Int128>(values, v.is_null() ? 0 : Unscaled(v.text, c.scale, path, c.name));
      } else {
        const uint64_t bits = RawBits(v);
        values.append(reinterpret_cast<const char*>(&bits), l.width);  // little-endian
      }
    }
  }
  add(values);
}

// A framed message: continuation, metadata length, metadata (padded to 8), body.
std::string Frame(const ObjectPtr& message, const std::string& body, int32_t* metadata_length) {
  std::string metadata = flatbuf::Finish(message);
  std::string out;
  Append<uint32_t>(out, 0xFFFFFFFFu);
  Append<int32_t>(out, static_cast<int32_t>(metadata.size()));
  out += metadata;
  *metadata_length = static_cast<int32_t>(out.size());
  return out + body;
}

ObjectPtr MessageTable(uint8_t type, ObjectPtr header, int64_t body_length) {
  auto m = NewTable();
  m->Add(0, 2, 4)
      .Add(1, 1, type)
      .AddChild(2, std::move(header))
      .Add(3, 8, static_cast<uint64_t>(body_length));
  return m;
}

}  // namespace

std::string IpcFileBytes(const Table& table, const std::string& path) {
  std::vector<Layout> layouts;
  for (const Column& c : table.columns) layouts.push_back(LayoutOf(c, path));
  std::string body, buffers, nodes;
  size_t buffer_count = 0;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    int64_t nulls = 0;
    const size_t before = buffers.size();
    WriteColumn(table.columns[i], layouts[i], body, buffers, nulls, path);
    buffer_count += (buffers.size() - before) / 16;
    Append<int64_t>(nodes, static_cast<int64_t>(table.height()));
    Append<int64_t>(nodes, nulls);
  }
  auto batch = NewTable();
  batch->Add(0, 8, table.height())
      .AddChild(1, NewStructs(nodes, static_cast<uint32_t>(table.columns.size())))
      .AddChild(2, NewStructs(buffers, static_cast<uint32_t>(buffer_count)));
  std::string out = "ARROW1";
  out.append(2, '\0');
  int32_t metadata_length = 0;
  out += Frame(MessageTable(1, Schema(table, layouts), 0), "", &metadata_length);
  const int64_t batch_offset = static_cast<int64_t>(out.size());
  out += Frame(MessageTable(3, batch, static_cast<int64_t>(body.size())), body, &metadata_length);
  Append<uint32_t>(out, 0xFFFFFFFFu);
  Append<int32_t>(out, 0);
  std::string block;
  Append<int64_t>(block, batch_offset);
  Append<int32_t>(block, metadata_length);
  Append<int32_t>(block, 0);
  Append<int64_t>(block, static_cast<int64_t>(body.size()));
  auto footer = NewTable();
  footer->Add(0, 2, 4)
      .AddChild(1, Schema(table, layouts))
      .AddChild(2, NewStructs("", 0))
      .AddChild(3, NewStructs(block, 1));
  const std::string footer_bytes = flatbuf::Finish(footer);
  out += footer_bytes;
  Append<int32_t>(out, static_cast<int32_t>(footer_bytes.size()));
  return out + "ARROW1";
}

void WriteIpc(const std::string& path, const Table& table, const std::string& compression) {
  if (!compression.empty() && compression != "uncompressed") {
    Refuse("Arrow IPC", path,
           "compression '" + compression + "' is not supported; write it uncompressed");
  }
  WriteWholeFile(path, IpcFileBytes(table, path));
}

}  // namespace ff::formats
