// Writing Avro container files: the schema from the Table's columns (every field nullable),
// one block per 4096 records, deflated when asked, each followed by the sync marker.
#include <zlib.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "formats/avro.hpp"

namespace ff::formats {

namespace {

enum class Enc { kNull, kBoolean, kInt, kLong, kFloat, kDouble, kString, kBytes };

struct Out {
  Enc enc;
  nlohmann::json type;
};

Out TypeOf(const Column& c, const std::string& path) {
  const std::string& t = c.type;
  if (t == "Boolean") return {Enc::kBoolean, "boolean"};
  if (t == "Int8" || t == "Int16" || t == "Int32" || t == "UInt8" || t == "UInt16") {
    return {Enc::kInt, "int"};
  }
  if (t == "Int64" || t == "UInt32" || t == "UInt64") return {Enc::kLong, "long"};
  if (t == "Float32") return {Enc::kFloat, "float"};
  if (t == "Float64") return {Enc::kDouble, "double"};
  if (t == "String") return {Enc::kString, "string"};
  if (t == "Binary") return {Enc::kBytes, "bytes"};
  if (t == "Null") return {Enc::kNull, "null"};
  if (t == "Date") return {Enc::kInt, {{"type", "int"}, {"logicalType", "date"}}};
  if (t == "Datetime") {
    return {Enc::kLong, {{"type", "long"}, {"logicalType", "timestamp-micros"}}};
  }
  if (t == "Time") return {Enc::kLong, {{"type", "long"}, {"logicalType", "time-micros"}}};
  Refuse("Avro", path,
         "the column '" + c.name + "' is of type " + t +
             ", which Flowfile does not write to Avro yet; cast it first");
}

void PutLong(std::string& out, int64_t v) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (z >= 0x80) {
    out.push_back(static_cast<char>((z & 0x7F) | 0x80));
    z >>= 7;
  }
  out.push_back(static_cast<char>(z));
}

void PutSized(std::string& out, const std::string& bytes) {
  PutLong(out, static_cast<int64_t>(bytes.size()));
  out += bytes;
}

void PutValue(std::string& out, Enc enc, const Value& v, const std::string& path,
              const std::string& column) {
  if (v.is_null() || enc == Enc::kNull) {
    PutLong(out, 0);  // the "null" branch
    return;
  }
  PutLong(out, 1);
  switch (enc) {
    case Enc::kBoolean: out.push_back(v.boolean ? 1 : 0); break;
    case Enc::kInt:
    case Enc::kLong:
      if (v.kind == Value::Kind::kUInt) {
        if (v.unsigned_integer > static_cast<uint64_t>(INT64_MAX)) {
          Fail("Avro", path,
               "column '" + column + "': " + std::to_string(v.unsigned_integer) +
                   " does not fit Avro's long");
        }
        PutLong(out, static_cast<int64_t>(v.unsigned_integer));
      } else {
        PutLong(out, v.integer);
      }
      break;
    case Enc::kFloat: {
      const float f = static_cast<float>(v.floating);
      out.append(reinterpret_cast<const char*>(&f), 4);
      break;
    }
    case Enc::kDouble: out.append(reinterpret_cast<const char*>(&v.floating), 8); break;
    case Enc::kString:
    case Enc::kBytes: PutSized(out, v.text); break;
    case Enc::kNull: break;
  }
}

std::string Deflate(const std::string& raw, const std::string& path) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    Fail("Avro", path, "cannot start compressing");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(raw.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) Fail("Avro", path, "cannot compress a block");
  return out;
}

}  // namespace

std::string AvroFileBytes(const Table& table, const std::string& path, const std::string& codec) {
  const std::string name = codec.empty() || codec == "uncompressed" ? "null" : codec;
  if (name != "null" && name != "deflate") {
    Refuse("Avro", path,
           "compression '" + codec + "' is not supported; use uncompressed or deflate");
  }
  std::vector<Out> types;
  nlohmann::json fields = nlohmann::json::array();
  for (const Column& c : table.columns) {
    types.push_back(TypeOf(c, path));
    nlohmann::json type = types.back().enc == Enc::kNull
                              ? nlohmann::json("null")
                              : nlohmann::json::array({"null", types.back().type});
    fields.push_back({{"name", c.name}, {"type", type}});
  }
  const nlohmann::json schema = {{"type", "record"}, {"name", "flowfile"}, {"fields", fields}};
  std::string out("Obj\x01", 4);
  PutLong(out, 2);
  PutSized(out, "avro.schema");
  PutSized(out, schema.dump());
  PutSized(out, "avro.codec");
  PutSized(out, name);
  PutLong(out, 0);
  std::string sync(16, '\0');
  std::random_device random;
  for (char& ch : sync) ch = static_cast<char>(random() & 0xFF);
  out += sync;
  const size_t height = table.height();
  for (size_t start = 0; start < height; start += 4096) {
    const size_t end = std::min(height, start + 4096);
    std::string block;
    for (size_t r = start; r < end; ++r) {
      for (size_t c = 0; c < table.columns.size(); ++c) {
        PutValue(block, types[c].enc, table.columns[c].values[r], path, table.columns[c].name);
      }
    }
    if (name == "deflate") block = Deflate(block, path);
    PutLong(out, static_cast<int64_t>(end - start));
    PutSized(out, block);
    out += sync;
  }
  return out;
}

void WriteAvro(const std::string& path, const Table& table, const std::string& codec) {
  WriteWholeFile(path, AvroFileBytes(table, path, codec));
}

}  // namespace ff::formats
