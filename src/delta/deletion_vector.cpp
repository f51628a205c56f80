#include "delta/deletion_vector.hpp"

#include <array>

#include "delta/log_files.hpp"
#include "delta/path_codec.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

constexpr const char* kZ85 =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
constexpr uint32_t kBitmapMagic = 1681511377;

[[noreturn]] void Corrupt(const std::string& why) {
  throw Error(ErrorCode::kInvalidArgument, "corrupt Delta deletion vector: " + why);
}

// Little-endian cursor over the bitmap bytes with bounds checks.
class Reader {
 public:
  explicit Reader(const std::string& data, size_t pos = 0) : data_(data), pos_(pos) {}
  uint64_t Le(int bytes) {
    Need(static_cast<size_t>(bytes));
    uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; --i) {
      value = value << 8 | static_cast<unsigned char>(data_[pos_ + static_cast<size_t>(i)]);
    }
    pos_ += static_cast<size_t>(bytes);
    return value;
  }
  void Skip(size_t bytes) {
    Need(bytes);
    pos_ += bytes;
  }
  unsigned char Byte(size_t at) const {
    if (at >= data_.size()) Corrupt("bitmap truncated");
    return static_cast<unsigned char>(data_[at]);
  }
  size_t pos() const { return pos_; }

 private:
  void Need(size_t bytes) const {
    if (pos_ + bytes > data_.size()) Corrupt("bitmap truncated");
  }
  const std::string& data_;
  size_t pos_;
};

// The decoded rows: strictly ascending (as every RoaringBitmap serialises them) and at most
// `limit` of them, so that a few corrupt bytes cannot make a huge list.
class RowSink {
 public:
  RowSink(std::vector<uint64_t>& out, uint64_t limit) : out_(out), limit_(limit) {}
  void Add(uint64_t row) {
    if (!out_.empty() && row <= out_.back()) Corrupt("bitmap rows out of order");
    if (out_.size() >= limit_) {
      Corrupt("the bitmap holds more rows than the cardinality " + std::to_string(limit_) +
              " the log gives");
    }
    out_.push_back(row);
  }

 private:
  std::vector<uint64_t>& out_;
  uint64_t limit_;
};

// One 32-bit portable RoaringBitmap (the format of CRoaring/Java "portable" serialisation).
void ParseRoaring32(Reader& in, uint64_t high, RowSink& out) {
  const uint32_t cookie = static_cast<uint32_t>(in.Le(4));
  size_t count = 0;
  bool has_runs = false;
  size_t run_bitset_at = 0;
  if ((cookie & 0xFFFF) == 12347) {
    has_runs = true;
    count = (cookie >> 16) + 1;
    run_bitset_at = in.pos();
    in.Skip((count + 7) / 8);
  } else if (cookie == 12346) {
    count = static_cast<size_t>(in.Le(4));
  } else {
    Corrupt("unknown RoaringBitmap cookie " + std::to_string(cookie));
  }
  std::vector<std::pair<uint32_t, uint32_t>> headers;  // (key, cardinality)
  for (size_t i = 0; i < count; ++i) {
    const uint32_t key = static_cast<uint32_t>(in.Le(2));
    const uint32_t cardinality = static_cast<uint32_t>(in.Le(2)) + 1;
    headers.emplace_back(key, cardinality);
  }
  if (!has_runs || count >= 4) in.Skip(count * 4);  // offset table
  for (size_t i = 0; i < count; ++i) {
    const uint64_t base = high << 32 | static_cast<uint64_t>(headers[i].first) << 16;
    const bool is_run = has_runs && (in.Byte(run_bitset_at + i / 8) >> (i % 8) & 1);
    if (is_run) {
      const size_t runs = static_cast<size_t>(in.Le(2));
      for (size_t r = 0; r < runs; ++r) {
        const uint64_t start = in.Le(2);
        const uint64_t length = in.Le(2);  // stored as count - 1
        for (uint64_t v = start; v <= start + length; ++v) out.Add(base | v);
      }
    } else if (headers[i].second <= 4096) {
      for (uint32_t j = 0; j < headers[i].second; ++j) out.Add(base | in.Le(2));
    } else {
      for (uint64_t word = 0; word < 1024; ++word) {
        const uint64_t bits = in.Le(8);
        for (uint64_t bit = 0; bit < 64; ++bit) {
          if (bits >> bit & 1) out.Add(base | (word * 64 + bit));
        }
      }
    }
  }
}

uint32_t Crc32(const std::string& data) {
  static const std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    return table;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char ch : data) crc = kTable[(crc ^ ch) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

uint32_t BigEndian32(const std::string& data, size_t at) {
  if (at + 4 > data.size()) Corrupt("deletion vector file truncated");
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = value << 8 | static_cast<unsigned char>(data[at + i]);
  return value;
}

std::string UuidText(const std::string& bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[static_cast<unsigned char>(bytes[i]) >> 4];
    text += kHex[static_cast<unsigned char>(bytes[i]) & 15];
  }
  return text;
}

// The log's cardinality bounds the decoding; a negative one is itself corrupt.
uint64_t MaxRows(const DeletionVector& dv) {
  if (dv.cardinality < 0) Corrupt("negative cardinality " + std::to_string(dv.cardinality));
  return static_cast<uint64_t>(dv.cardinality);
}

}  // namespace

std::string Z85Decode(const std::string& text) {
  if (text.size() % 5 != 0) Corrupt("Z85 text length " + std::to_string(text.size()));
  std::array<int, 256> value{};
  value.fill(-1);
  for (int i = 0; i < 85; ++i) value[static_cast<unsigned char>(kZ85[i])] = i;
  std::string out;
  for (size_t i = 0; i < text.size(); i += 5) {
    uint64_t number = 0;
    for (size_t j = 0; j < 5; ++j) {
      const int digit = value[static_cast<unsigned char>(text[i + j])];
      if (digit < 0) Corrupt("invalid Z85 character");
      number = number * 85 + static_cast<uint64_t>(digit);
    }
    if (number > 0xFFFFFFFFull) Corrupt("Z85 group out of range");
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>(number >> shift & 0xFF);
  }
  return out;
}

std::string Z85Encode(const std::string& bytes) {
  std::string out;
  for (size_t i = 0; i + 4 <= bytes.size(); i += 4) {
    uint64_t number = 0;
    for (size_t j = 0; j < 4; ++j) number = number << 8 | static_cast<unsigned char>(bytes[i + j]);
    char group[5];
    for (int j = 4; j >= 0; --j) {
      group[j] = kZ85[number % 85];
      number /= 85;
    }
    out.append(group, 5);
  }
  return out;
}

std::string EncodeDeletionVectorFile(const std::string& bitmap_data) {
  auto big_endian = [](uint32_t value) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i)
      out[static_cast<size_t>(i)] = static_cast<char>(value >> (24 - 8 * i));
    return out;
  };
  return std::string(1, '\x01') + big_endian(static_cast<uint32_t>(bitmap_data.size())) +
         bitmap_data + big_endian(Crc32(bitmap_data));
}

std::vector<uint64_t> ParseDeletionBitmap(const std::string& data, uint64_t max_rows) {
  Reader in(data);
  if (in.Le(4) != kBitmapMagic) Corrupt("bad bitmap magic (expected 1681511377)");
  const uint64_t buckets = in.Le(8);
  std::vector<uint64_t> rows;
  RowSink sink(rows, max_rows);
  for (uint64_t b = 0; b < buckets; ++b) {
    const uint64_t high = in.Le(4);
    ParseRoaring32(in, high, sink);
  }
  return rows;
}

std::optional<std::string> RelativeDeletionVectorPath(const DeletionVector& dv) {
  if (dv.storage_type != "u") return std::nullopt;
  const std::string& id = dv.path_or_inline_dv;
  if (id.size() < 20) Corrupt("UUID-based vector id '" + id + "' is shorter than 20 chars");
  const std::string prefix = id.substr(0, id.size() - 20);
  const std::string uuid = UuidText(Z85Decode(id.substr(id.size() - 20)));
  return (prefix.empty() ? "" : prefix + "/") + "deletion_vector_" + uuid + ".bin";
}

std::optional<std::string> DeletionVectorFile(const std::string& table_root,
                                              const DeletionVector& dv) {
  if (dv.storage_type == "u") {
    // The id's prefix is free text: keep it from climbing out of the table.
    return InsideTable(table_root, table_root + "/" + *RelativeDeletionVectorPath(dv),
                       dv.path_or_inline_dv);
  }
  // "p" is an absolute URI, encoded like add.path: the same rules keep it inside the table.
  if (dv.storage_type == "p") return ResolveDataPath(table_root, dv.path_or_inline_dv);
  return std::nullopt;
}

std::vector<uint64_t> DeletedRows(const std::string& table_root, const DeletionVector& dv) {
  if (dv.storage_type == "i") {
    std::string data = Z85Decode(dv.path_or_inline_dv);
    if (static_cast<size_t>(dv.size_in_bytes) > data.size()) Corrupt("inline vector too short");
    data.resize(static_cast<size_t>(dv.size_in_bytes));
    return ParseDeletionBitmap(data, MaxRows(dv));
  }
  const std::optional<std::string> located = DeletionVectorFile(table_root, dv);
  if (!located) Corrupt("unknown storageType '" + dv.storage_type + "'");
  const std::string& path = *located;
  const std::string file = ReadWholeFile(path);
  if (dv.offset.value_or(1) < 0) Corrupt("negative offset in '" + path + "'");
  const size_t offset = static_cast<size_t>(dv.offset.value_or(1));
  const uint32_t size = BigEndian32(file, offset);
  if (size != static_cast<uint32_t>(dv.size_in_bytes)) {
    Corrupt("size " + std::to_string(size) + " in '" + path + "' differs from the log's " +
            std::to_string(dv.size_in_bytes));
  }
  if (offset + 4 + size + 4 > file.size()) Corrupt("'" + path + "' is truncated");
  const std::string data = file.substr(offset + 4, size);
  if (BigEndian32(file, offset + 4 + size) != Crc32(data)) {
    Corrupt("checksum mismatch in '" + path + "'");
  }
  return ParseDeletionBitmap(data, MaxRows(dv));
}

}  // namespace ff::delta
