// Reading Arrow IPC files (the footer's schema and record-batch blocks) and streams (messages
// in order: schema, record batches, end of stream); dictionary batches are refused. Each column's
// buffers are checked against the message body before a byte is read.
#include <cstring>
#include <optional>

#include "formats/arrow_ipc.hpp"
#include "formats/flatbuf.hpp"

namespace ff::formats {

namespace {

// 128-bit integers for Decimal128 (a GCC/Clang extension; __extension__ keeps -Wpedantic quiet).
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

using flatbuf::Corrupt;

enum class Conv {
  kNull,
  kSigned,
  kUnsigned,
  kFloat,
  kBool,
  kUtf8,
  kBinary,
  kDate32,
  kDate64,
  kTime,
  kTimestamp,
  kDecimal
};

struct Spec {
  Column column;  // name, type, utc (no values)
  Conv conv = Conv::kNull;
  size_t width = 0;      // bytes per value (fixed layouts), 4 or 8 for offsets (var layouts)
  int64_t multiply = 1;  // to microseconds
  int64_t divide = 1;    // nanoseconds -> microseconds
};

const char* TypeName(uint8_t type) {
  static const char* const kNames[] = {
      "NONE",          "Null",      "Int",           "FloatingPoint",
      "Binary",        "Utf8",      "Bool",          "Decimal",
      "Date",          "Time",      "Timestamp",     "Interval",
      "List",          "Struct",    "Union",         "FixedSizeBinary",
      "FixedSizeList", "Map",       "Duration",      "LargeBinary",
      "LargeUtf8",     "LargeList", "RunEndEncoded", "BinaryView",
      "Utf8View",      "ListView",  "LargeListView"};
  return type < sizeof kNames / sizeof kNames[0] ? kNames[type] : "an unknown type";
}

int64_t UnitToMicros(int16_t unit, int64_t* divide) {
  *divide = 1;
  switch (unit) {
    case 0: return 1000000;
    case 1: return 1000;
    case 2: return 1;
    case 3: *divide = 1000; return 1;
    default: throw Corrupt{"unknown time unit " + std::to_string(unit)};
  }
}

Spec ParseField(const flatbuf::Table& field, const std::string& path) {
  Spec s;
  s.column.name = field.String(0);
  const uint8_t type = field.Scalar<uint8_t>(2, 0);
  const std::string where = "the column '" + s.column.name + "' is ";
  if (field.Has(4)) Refuse("Arrow IPC", path, where + "dictionary-encoded, which is not supported");
  size_t children_start = 0;
  if (field.VectorCount(5, 4, &children_start) > 0 || type == 12 || type == 13) {
    Refuse("Arrow IPC", path, where + "nested (" + TypeName(type) + "), which is not supported");
  }
  auto refuse = [&](const std::string& detail) -> Spec {
    Refuse("Arrow IPC", path,
           where + "of type " + TypeName(type) + detail + ", which Flowfile does not read yet");
  };
  if (type == 1) return s;  // Null: no buffers
  const flatbuf::Table t = field.Sub(3);
  if (type == 2) {
    const int32_t bits = t.Scalar<int32_t>(0, 0);
    const bool is_signed = t.Scalar<uint8_t>(1, 0) != 0;
    if (bits != 8 && bits != 16 && bits != 32 && bits != 64) refuse(std::to_string(bits));
    s.width = static_cast<size_t>(bits / 8);
    s.conv = is_signed ? Conv::kSigned : Conv::kUnsigned;
    s.column.type = (is_signed ? "Int" : "UInt") + std::to_string(bits);
  } else if (type == 3) {
    const int16_t precision = t.Scalar<int16_t>(0, 0);
    if (precision != 1 && precision != 2) refuse("(half precision)");
    s.width = precision == 1 ? 4 : 8, s.conv = Conv::kFloat;
    s.column.type = precision == 1 ? "Float32" : "Float64";
  } else if (type == 4 || type == 5 || type == 19 || type == 20) {
    s.width = type >= 19 ? 8 : 4;
    s.conv = type == 5 || type == 20 ? Conv::kUtf8 : Conv::kBinary;
    s.column.type = s.conv == Conv::kUtf8 ? "String" : "Binary";
  } else if (type == 6) {
    s.conv = Conv::kBool, s.column.type = "Boolean";
  } else if (type == 7) {
    const int32_t precision = t.Scalar<int32_t>(0, 0), scale = t.Scalar<int32_t>(1, 0);
    const int32_t bits = t.Scalar<int32_t>(2, 128);
    if (bits != 128) refuse(" of " + std::to_string(bits) + " bits");
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      refuse("(" + std::to_string(precision) + ", " + std::to_string(scale) + ")");
    }
    s.width = 16, s.conv = Conv::kDecimal, s.column.type = "Decimal";
    s.column.precision = precision, s.column.scale = scale;
  } else if (type == 8) {
    const int16_t unit = t.Scalar<int16_t>(0, 1);
    s.width = unit == 0 ? 4 : 8, s.conv = unit == 0 ? Conv::kDate32 : Conv::kDate64;
    s.column.type = "Date";
  } else if (type == 9) {
    const int32_t bits = t.Scalar<int32_t>(1, 32);
    if (bits != 32 && bits != 64)
      throw Corrupt{"a Time column of " + std::to_string(bits) + " bits"};
    s.width = static_cast<size_t>(bits / 8), s.conv = Conv::kTime, s.column.type = "Time";
    s.multiply = UnitToMicros(t.Scalar<int16_t>(0, 1), &s.divide);
  } else if (type == 10) {
    s.width = 8, s.conv = Conv::kTimestamp, s.column.type = "Datetime";
    s.multiply = UnitToMicros(t.Scalar<int16_t>(0, 0), &s.divide);
    s.column.utc = !t.String(1).empty();
  } else {
    return refuse("");
  }
  return s;
}

struct Span {
  const uint8_t* data = nullptr;
  size_t size = 0;
};

template <typename T>
T At(const Span& s, size_t index) {
  T out;
  std::memcpy(&out, s.data + index * sizeof(T), sizeof(T));
  return out;
}

int64_t SignedAt(const Span& s, size_t width, size_t i) {
  switch (width) {
    case 1: return At<int8_t>(s, i);
    case 2: return At<int16_t>(s, i);
    case 4: return At<int32_t>(s, i);
    default: return At<int64_t>(s, i);
  }
}

uint64_t UnsignedAt(const Span& s, size_t width, size_t i) {
  switch (width) {
    case 1: return At<uint8_t>(s, i);
    case 2: return At<uint16_t>(s, i);
    case 4: return At<uint32_t>(s, i);
    default: return At<uint64_t>(s, i);
  }
}

// An unscaled 128-bit decimal as exact text: -1250 at scale 2 -> "-12.50".
Value DecimalValue(Int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  UInt128 magnitude =
      negative ? static_cast<UInt128>(-(unscaled + 1)) + 1 : static_cast<UInt128>(unscaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) {
      digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  Value v = StringValue((negative ? "-" : "") + digits);
  v.kind = Value::Kind::kDecimal;
  return v;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

int64_t Micros(const Spec& s, int64_t raw) {
  int64_t out = 0;
  if (__builtin_mul_overflow(raw, s.multiply, &out)) throw Corrupt{"a time value out of range"};
  return FloorDiv(out, s.divide);
}

Value Decode(const Spec& s, const Span& data, const Span& offsets, size_t i) {
  switch (s.conv) {
    case Conv::kSigned: return IntValue(SignedAt(data, s.width, i));
    case Conv::kUnsigned:
      return s.width == 8 ? UIntValue(UnsignedAt(data, 8, i))
                          : IntValue(static_cast<int64_t>(UnsignedAt(data, s.width, i)));
    case Conv::kFloat: return DoubleValue(s.width == 4 ? At<float>(data, i) : At<double>(data, i));
    case Conv::kBool: return BoolValue((data.data[i / 8] >> (i % 8)) & 1);
    case Conv::kDate32: return DateValue(At<int32_t>(data, i));
    case Conv::kDate64: return DateValue(FloorDiv(At<int64_t>(data, i), 86400000));
    case Conv::kTime: {
      Value v = IntValue(Micros(s, SignedAt(data, s.width, i)));
      v.kind = Value::Kind::kTime;
      return v;
    }
    case Conv::kTimestamp: return DatetimeValue(Micros(s, At<int64_t>(data, i)), s.column.utc);
    case Conv::kDecimal: return DecimalValue(At<Int128>(data, i), s.column.scale);
    case Conv::kUtf8:
    case Conv::kBinary: {
      const uint64_t begin = UnsignedAt(offsets, s.width, i),
                     end = UnsignedAt(offsets, s.width, i + 1);
      Value v =
          StringValue(std::string(reinterpret_cast<const char*>(data.data + begin), end - begin));
      if (s.conv == Conv::kBinary) v.kind = Value::Kind::kBinary;
      return v;
    }
    case Conv::kNull: break;
  }
  return NullValue();
}

// Checks the buffers of one column of `rows` values, then appends its values.
void DecodeColumn(const Spec& s, size_t rows, int64_t null_count, const std::vector<Span>& b,
                  Column& out) {
  const std::string column = "column '" + s.column.name + "': ";
  if (s.conv == Conv::kNull) {
    out.values.resize(out.values.size() + rows);
    return;
  }
  const Span& validity = b[0];
  const size_t bitmap_bytes = (rows + 7) / 8;
  if (validity.size == 0 ? null_count != 0 : validity.size < bitmap_bytes) {
    throw Corrupt{column + "the validity bitmap is missing or short"};
  }
  Span data = b[1], offsets;
  if (s.conv == Conv::kUtf8 || s.conv == Conv::kBinary) {
    offsets = b[1], data = b[2];
    if (offsets.size / s.width < rows + 1) throw Corrupt{column + "the offsets buffer is short"};
    uint64_t previous = UnsignedAt(offsets, s.width, 0);
    for (size_t i = 1; i <= rows; ++i) {
      const uint64_t next = UnsignedAt(offsets, s.width, i);
      if (next < previous || next > data.size)
        throw Corrupt{column + "a value's offsets run outside its data"};
      previous = next;
    }
    if (s.width == 4 && static_cast<int32_t>(UnsignedAt(offsets, 4, rows)) < 0) {
      throw Corrupt{column + "negative offsets"};
    }
  } else if (s.conv == Conv::kBool ? data.size < bitmap_bytes : data.size / s.width < rows) {
    throw Corrupt{column + "the values buffer is short"};
  }
  out.values.reserve(out.values.size() + rows);
  for (size_t i = 0; i < rows; ++i) {
    const bool valid = validity.size == 0 || ((validity.data[i / 8] >> (i % 8)) & 1);
    out.values.push_back(valid ? Decode(s, data, offsets, i) : NullValue());
  }
}

size_t BufferCount(const Spec& s) {
  if (s.conv == Conv::kNull) return 0;
  return s.conv == Conv::kUtf8 || s.conv == Conv::kBinary ? 3 : 2;
}

void AppendBatch(const flatbuf::Table& batch, const uint8_t* body, uint64_t body_size,
                 const std::vector<Spec>& specs, Table& out, const std::string& path) {
  if (batch.Has(3)) {
    Refuse("Arrow IPC", path,
           "its record batches are compressed (lz4/zstd), which Flowfile "
           "does not read; write the file uncompressed");
  }
  const int64_t length = batch.Scalar<int64_t>(0, 0);
  if (length < 0 || static_cast<uint64_t>(length) > std::max<uint64_t>(body_size * 8, 4096)) {
    throw Corrupt{"a record batch claims " + std::to_string(length) + " rows"};
  }
  size_t nodes = 0, buffers = 0;
  const uint32_t node_count = batch.VectorCount(1, 16, &nodes);
  const uint32_t buffer_count = batch.VectorCount(2, 16, &buffers);
  uint32_t next_buffer = 0;
  for (size_t c = 0; c < specs.size(); ++c) {
    if (c >= node_count) throw Corrupt{"a record batch has fewer columns than the schema"};
    const int64_t rows = batch.Read<int64_t>(nodes + 16 * c);
    const int64_t nulls = batch.Read<int64_t>(nodes + 16 * c + 8);
    if (rows != length || nulls < 0 || nulls > rows)
      throw Corrupt{"a column's length or null count does not match its batch"};
    std::vector<Span> spans;
    for (size_t k = 0; k < BufferCount(specs[c]); ++k, ++next_buffer) {
      if (next_buffer >= buffer_count) throw Corrupt{"a record batch lists too few buffers"};
      const int64_t offset = batch.Read<int64_t>(buffers + 16 * next_buffer);
      const int64_t size = batch.Read<int64_t>(buffers + 16 * next_buffer + 8);
      if (offset < 0 || size < 0 || static_cast<uint64_t>(offset) > body_size ||
          static_cast<uint64_t>(size) > body_size - static_cast<uint64_t>(offset)) {
        throw Corrupt{"a buffer lies outside its message body"};
      }
      spans.push_back({body + offset, static_cast<size_t>(size)});
    }
    DecodeColumn(specs[c], static_cast<size_t>(length), nulls, spans, out.columns[c]);
  }
}

uint32_t Read32(const std::string& bytes, size_t at) {
  uint32_t out = 0;
  std::memcpy(&out, bytes.data() + at, 4);
  return out;
}

struct Message {
  bool end = false;  // the end-of-stream marker
  uint8_t type = 0;
  std::optional<flatbuf::Table> header;
  const uint8_t* body = nullptr;
  uint64_t body_length = 0;
  size_t next = 0;  // where the next message starts
};

// The encapsulated message at `pos`: [0xFFFFFFFF] length, flatbuffer Message, body.
Message ReadMessage(const std::string& bytes, size_t pos) {
  const auto* d = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  Message m;
  if (pos > n || n - pos < 4) throw Corrupt{"a message header is cut off"};
  uint32_t length = Read32(bytes, pos);
  pos += 4;
  if (length == 0xFFFFFFFFu) {
    if (n - pos < 4) throw Corrupt{"a message header is cut off"};
    length = Read32(bytes, pos), pos += 4;
  }
  if (length == 0) {
    m.end = true;
    return m;
  }
  if (length > n - pos) throw Corrupt{"a message runs past the end of the file"};
  const flatbuf::Table message = flatbuf::Table::Root(d + pos, length);
  m.type = message.Scalar<uint8_t>(1, 0);
  const int64_t body_length = message.Scalar<int64_t>(3, 0);
  const size_t body = pos + length;
  if (body_length < 0 || static_cast<uint64_t>(body_length) > n - body) {
    throw Corrupt{"a message body runs past the end of the file"};
  }
  m.header = message.Sub(2);
  m.body = d + body, m.body_length = static_cast<uint64_t>(body_length);
  m.next = body + static_cast<size_t>(body_length);
  return m;
}

std::vector<Spec> ReadSchema(const flatbuf::Table& schema, const std::string& path, Table& out) {
  if (schema.Scalar<int16_t>(0, 0) != 0) Refuse("Arrow IPC", path, "the data is big-endian");
  std::vector<Spec> specs;
  size_t fields = 0;
  const uint32_t count = schema.VectorCount(1, 4, &fields);
  for (uint32_t i = 0; i < count; ++i) specs.push_back(ParseField(schema.TableAt(fields, i), path));
  for (const Spec& s : specs) out.columns.push_back(s.column);
  return specs;
}

// An IPC file: the schema and the record batches its footer lists.
Table ParseFile(const std::string& bytes, const std::string& path) {
  const auto* d = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  if (n < 18 || std::memcmp(d + n - 6, "ARROW1", 6) != 0) {
    throw Corrupt{"the file does not end with Arrow's ARROW1 magic (truncated?)"};
  }
  const uint32_t footer_length = Read32(bytes, n - 10);
  if (footer_length > n - 18) throw Corrupt{"the footer's length is larger than the file"};
  const flatbuf::Table footer = flatbuf::Table::Root(d + n - 10 - footer_length, footer_length);
  Table out;
  const std::vector<Spec> specs = ReadSchema(footer.Sub(1), path, out);
  size_t blocks = 0;
  if (footer.VectorCount(2, 24, &blocks) > 0) {
    Refuse("Arrow IPC", path, "it holds dictionary-encoded columns, which Flowfile does not read");
  }
  const uint32_t count = footer.VectorCount(3, 24, &blocks);
  for (uint32_t i = 0; i < count; ++i) {
    const int64_t offset = footer.Read<int64_t>(blocks + 24 * i);
    if (offset < 8 || static_cast<uint64_t>(offset) >= n)
      throw Corrupt{"a record batch block points outside the file"};
    const Message m = ReadMessage(bytes, static_cast<size_t>(offset));
    if (m.end || m.type != 3)
      throw Corrupt{"a record batch block does not point at a record batch"};
    AppendBatch(*m.header, m.body, m.body_length, specs, out, path);
  }
  return out;
}

// An IPC stream: schema, record batches, end of stream (or the end of the bytes).
Table ParseStream(const std::string& bytes, const std::string& path) {
  size_t pos = 0;
  std::vector<Spec> specs;
  bool have_schema = false;
  Table out;
  while (pos < bytes.size()) {
    const Message m = ReadMessage(bytes, pos);
    if (m.end) break;
    if (m.type == 1 && !have_schema) {
      specs = ReadSchema(*m.header, path, out);
      have_schema = true;
    } else if (m.type == 3 && have_schema) {
      AppendBatch(*m.header, m.body, m.body_length, specs, out, path);
    } else {
      throw Corrupt{"unexpected message type " + std::to_string(m.type)};
    }
    pos = m.next;
  }
  if (!have_schema) throw Corrupt{"no schema message"};
  return out;
}

}  // namespace

Table ReadIpcBytes(const std::string& bytes, const std::string& path) {
  try {
    const bool file = bytes.size() >= 6 && std::memcmp(bytes.data(), "ARROW1", 6) == 0;
    return file ? ParseFile(bytes, path) : ParseStream(bytes, path);
  } catch (const Corrupt& c) {
    Fail("Arrow IPC", path, "not a readable Arrow IPC file: " + c.what);
  }
}

Table ReadIpc(const std::string& path) { return ReadIpcBytes(ReadWholeFile(path), path); }

}  // namespace ff::formats
