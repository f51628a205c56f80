// Reading Avro container files: header (magic, metadata map, sync marker), the schema JSON
// from "avro.schema" (parsed here so logical types are kept), then blocks of records, each
// inflated when the codec is deflate and checked to end exactly at its sync marker.
#include <zlib.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "formats/avro.hpp"

namespace ff::formats {

namespace {

struct AvroCorrupt {
  std::string what;
};

constexpr size_t kMaxBlockBytes = size_t{1} << 31;

class Cursor {
 public:
  Cursor(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ == size_; }
  size_t pos() const { return pos_; }
  int64_t Long() {
    uint64_t raw = 0;
    for (int shift = 0;; shift += 7) {
      if (pos_ >= size_) throw AvroCorrupt{"a number is cut off"};
      if (shift > 63) throw AvroCorrupt{"a number is longer than 64 bits"};
      const uint8_t byte = data_[pos_++];
      raw |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
    }
    return static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
  }
  int64_t Int() {
    const int64_t v = Long();
    if (v < INT32_MIN || v > INT32_MAX) throw AvroCorrupt{"an int value does not fit 32 bits"};
    return v;
  }
  std::string Bytes(size_t n) {
    if (n > size_ - pos_) throw AvroCorrupt{"a value runs past the end of its block"};
    std::string out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }
  std::string Sized() {
    const int64_t n = Long();
    if (n < 0) throw AvroCorrupt{"a negative length"};
    return Bytes(static_cast<size_t>(n));
  }
  template <typename T>
  T Fixed() {
    const std::string raw = Bytes(sizeof(T));
    T out;
    std::memcpy(&out, raw.data(), sizeof(T));
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_, pos_ = 0;
};

enum class Prim { kNull, kBoolean, kInt, kLong, kFloat, kDouble, kBytes, kString, kEnum };

struct Field {
  Column column;
  Prim prim = Prim::kNull;
  int64_t branches = 0;  // 0: not a union
  int64_t null_branch = -1;
  int64_t to_micros = 0;  // timestamps and times: 1000 (millis) or 1 (micros); 0: none
  bool date = false;
  std::vector<std::string> symbols;
};

[[noreturn]] void RefuseField(const std::string& path, const std::string& field,
                              const std::string& what) {
  Refuse("Avro", path, "the field '" + field + "' " + what + ", which Flowfile does not read");
}

// One non-union type: "long", {"type": "int", "logicalType": "date"}, {"type": "enum", ...}.
void ParseType(const nlohmann::json& type, Field& f, const std::string& path) {
  const std::string& name = f.column.name;
  const std::string t = type.is_string() ? type.get<std::string>()
                        : type.is_object() && type.contains("type") && type["type"].is_string()
                            ? type["type"].get<std::string>()
                            : "";
  const std::string logical = type.is_object() ? type.value("logicalType", "") : "";
  static const std::pair<const char*, Prim> kPrims[] = {
      {"null", Prim::kNull},   {"boolean", Prim::kBoolean}, {"int", Prim::kInt},
      {"long", Prim::kLong},   {"float", Prim::kFloat},     {"double", Prim::kDouble},
      {"bytes", Prim::kBytes}, {"string", Prim::kString},   {"enum", Prim::kEnum}};
  bool known = false;
  for (const auto& [prim_name, prim] : kPrims) {
    if (t == prim_name) f.prim = prim, known = true;
  }
  if (!known) RefuseField(path, name, "is of type " + (t.empty() ? type.dump() : t));
  static const char* const kTypes[] = {"String",  "Boolean", "Int32",  "Int64", "Float32",
                                       "Float64", "Binary",  "String", "String"};
  f.column.type = kTypes[static_cast<int>(f.prim)];
  if (f.prim == Prim::kEnum) {
    for (const auto& s : type.value("symbols", nlohmann::json::array())) {
      f.symbols.push_back(s.is_string() ? s.get<std::string>() : "");
    }
  }
  if (logical == "date" && f.prim == Prim::kInt) {
    f.date = true, f.column.type = "Date";
  } else if ((logical == "timestamp-millis" || logical == "local-timestamp-millis" ||
              logical == "timestamp-micros" || logical == "local-timestamp-micros") &&
             f.prim == Prim::kLong) {
    f.to_micros = logical.find("millis") != std::string::npos ? 1000 : 1;
    f.column.type = "Datetime";
  } else if ((logical == "time-millis" && f.prim == Prim::kInt) ||
             (logical == "time-micros" && f.prim == Prim::kLong)) {
    f.to_micros = logical == "time-millis" ? 1000 : 1;
    f.column.type = "Time";
  } else if (!logical.empty() && logical != "uuid") {
    RefuseField(path, name, "has the logical type " + logical);
  }
}

std::vector<Field> ParseSchema(const std::string& text, const std::string& path) {
  const nlohmann::json schema = nlohmann::json::parse(text, nullptr, false);
  if (schema.is_discarded()) throw AvroCorrupt{"the schema in the header is not JSON"};
  if (!schema.is_object() || schema.value("type", nlohmann::json()) != "record" ||
      !schema.contains("fields") || !schema["fields"].is_array()) {
    Refuse("Avro", path,
           "its records are not of a record type (schema " + schema.dump().substr(0, 80) +
               "), which Flowfile does not read");
  }
  std::vector<Field> fields;
  for (const auto& entry : schema["fields"]) {
    Field f;
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) {
      throw AvroCorrupt{"a schema field has no name"};
    }
    f.column.name = entry["name"].get<std::string>();
    const nlohmann::json type = entry.value("type", nlohmann::json());
    if (type.is_array()) {
      f.branches = static_cast<int64_t>(type.size());
      int non_null = 0;
      for (size_t i = 0; i < type.size(); ++i) {
        const bool null = type[i] == "null" || (type[i].is_object() && type[i].contains("type") &&
                                                type[i]["type"] == "null");
        if (null) {
          f.null_branch = static_cast<int64_t>(i);
        } else {
          ParseType(type[i], f, path);
          ++non_null;
        }
      }
      if (non_null > 1) RefuseField(path, f.column.name, "is a union of several types");
    } else {
      ParseType(type, f, path);
    }
    fields.push_back(std::move(f));
  }
  return fields;
}

Value ReadValue(Cursor& in, const Field& f) {
  if (f.branches > 0) {
    const int64_t branch = in.Long();
    if (branch < 0 || branch >= f.branches) throw AvroCorrupt{"a union branch out of range"};
    if (branch == f.null_branch) return NullValue();
  }
  switch (f.prim) {
    case Prim::kNull: return NullValue();
    case Prim::kBoolean: {
      const std::string b = in.Bytes(1);
      if (b[0] != 0 && b[0] != 1) throw AvroCorrupt{"a boolean that is neither 0 nor 1"};
      return BoolValue(b[0] == 1);
    }
    case Prim::kInt:
    case Prim::kLong: {
      const int64_t v = f.prim == Prim::kInt ? in.Int() : in.Long();
      if (f.date) return DateValue(v);
      if (!f.to_micros) return IntValue(v);
      int64_t micros = 0;
      if (__builtin_mul_overflow(v, f.to_micros, &micros)) throw AvroCorrupt{"a time out of range"};
      if (f.column.type == "Datetime") return DatetimeValue(micros, false);
      Value t = IntValue(micros);
      t.kind = Value::Kind::kTime;
      return t;
    }
    case Prim::kFloat: return DoubleValue(in.Fixed<float>());
    case Prim::kDouble: return DoubleValue(in.Fixed<double>());
    case Prim::kString: return StringValue(in.Sized());
    case Prim::kBytes: {
      Value v = StringValue(in.Sized());
      v.kind = Value::Kind::kBinary;
      return v;
    }
    case Prim::kEnum: {
      const int64_t i = in.Int();
      if (i < 0 || static_cast<size_t>(i) >= f.symbols.size())
        throw AvroCorrupt{"an enum index out of range"};
      return StringValue(f.symbols[static_cast<size_t>(i)]);
    }
  }
  return NullValue();
}

std::string Inflate(const std::string& compressed) {
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) throw AvroCorrupt{"cannot start inflating"};
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (out.size() >= kMaxBlockBytes) status = Z_MEM_ERROR;
    if (status != Z_OK) break;
    const size_t before = out.size();
    out.resize(before + 65536);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + before);
    z.avail_out = 65536;
    status = inflate(&z, Z_NO_FLUSH);
    out.resize(before + 65536 - z.avail_out);
    if (status == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
  if (status != Z_STREAM_END) throw AvroCorrupt{"a deflate block does not inflate"};
  return out;
}

Table Parse(const std::string& bytes, const std::string& path) {
  if (bytes.size() < 4 || bytes.compare(0, 4, std::string("Obj\x01", 4)) != 0) {
    throw AvroCorrupt{"it does not start with Avro's magic bytes"};
  }
  Cursor in(reinterpret_cast<const uint8_t*>(bytes.data()) + 4, bytes.size() - 4);
  std::string schema_text, codec = "null";
  for (int64_t count = in.Long(); count != 0; count = in.Long()) {
    if (count == INT64_MIN) throw AvroCorrupt{"a metadata block count out of range"};
    if (count < 0) count = -count, in.Long();  // a negative count is followed by a byte size
    for (int64_t i = 0; i < count; ++i) {
      const std::string key = in.Sized(), value = in.Sized();
      if (key == "avro.schema") schema_text = value;
      if (key == "avro.codec") codec = value;
    }
  }
  if (codec != "null" && codec != "deflate") {
    Refuse("Avro", path,
           "its blocks use the codec '" + codec + "'; Flowfile reads null and deflate");
  }
  const std::string sync = in.Bytes(16);
  std::vector<Field> fields;
  try {
    fields = ParseSchema(schema_text, path);
  } catch (const nlohmann::json::exception& e) {
    throw AvroCorrupt{"the schema is malformed (" + std::string(e.what()) + ")"};
  }
  Table out;
  for (const Field& f : fields) out.columns.push_back(f.column);
  while (!in.done()) {
    const int64_t count = in.Long(), size = in.Long();
    if (count < 0 || size < 0) throw AvroCorrupt{"a block with a negative count or size"};
    std::string block = in.Bytes(static_cast<size_t>(size));
    if (codec == "deflate") block = Inflate(block);
    if (static_cast<uint64_t>(count) > block.size() + 1024)
      throw AvroCorrupt{"a block claims more records than it can hold"};
    Cursor records(reinterpret_cast<const uint8_t*>(block.data()), block.size());
    for (int64_t r = 0; r < count; ++r) {
      for (size_t c = 0; c < fields.size(); ++c)
        out.columns[c].values.push_back(ReadValue(records, fields[c]));
    }
    if (!records.done()) throw AvroCorrupt{"a block holds more bytes than its records"};
    if (in.Bytes(16) != sync) throw AvroCorrupt{"a block does not end with the file's sync marker"};
  }
  return out;
}

}  // namespace

Table ReadAvroBytes(const std::string& bytes, const std::string& path) {
  try {
    return Parse(bytes, path);
  } catch (const AvroCorrupt& c) {
    Fail("Avro", path, "not a readable Avro file: " + c.what);
  }
}

Table ReadAvro(const std::string& path) { return ReadAvroBytes(ReadWholeFile(path), path); }

}  // namespace ff::formats
