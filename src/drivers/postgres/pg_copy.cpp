#include "drivers/postgres/pg_copy.hpp"

#include <cstring>

#include "drivers/postgres/pg_wire.hpp"
#include "flowfile/errors.hpp"

namespace ff::drivers::postgres {
namespace {

// "PGCOPY\n\377\r\n\0", then int32 flags and int32 header-extension length.
constexpr char kSignature[] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};
constexpr size_t kSignatureBytes = sizeof kSignature;

[[noreturn]] void Malformed(const std::string& label, const char* what) {
  throw Error(ErrorCode::kIo, label + ": malformed binary COPY data (" + what + ")");
}

}  // namespace

CopyStreamDecoder::CopyStreamDecoder(const std::vector<PgColumnType>& types, std::string label)
    : label_(std::move(label)) {
  for (const PgColumnType& type : types) decoders_.emplace_back(type);
}

void CopyStreamDecoder::Bind(duckdb_data_chunk chunk) {
  for (size_t c = 0; c < decoders_.size(); ++c) {
    decoders_[c].Bind(duckdb_data_chunk_get_vector(chunk, c));
  }
}

bool CopyStreamDecoder::DecodeMessage(const char* at, const char* end, idx_t row) {
  if (!header_seen_) {
    if (end - at < static_cast<ptrdiff_t>(kSignatureBytes + 8) ||
        std::memcmp(at, kSignature, kSignatureBytes) != 0)
      Malformed(label_, "header");
    at += kSignatureBytes + 4;
    const int32_t extension = wire::Read<int32_t>(at);
    at += 4;
    if (extension < 0 || end - at < extension) Malformed(label_, "header extension");
    at += extension;
    header_seen_ = true;
  }
  if (at == end) return false;
  if (end - at < 2) Malformed(label_, "tuple");
  const int16_t fields = wire::Read<int16_t>(at);
  at += 2;
  if (fields == -1) return false;  // the trailer; the end of the copy follows
  if (fields != static_cast<int16_t>(decoders_.size())) Malformed(label_, "field count");
  for (ColumnDecoder& decoder : decoders_) {
    if (end - at < 4) Malformed(label_, "field length");
    const int32_t length = wire::Read<int32_t>(at);
    at += 4;
    if (length < 0) {
      decoder.Decode(nullptr, 0, row);
      continue;
    }
    if (end - at < length) Malformed(label_, "field");
    decoder.Decode(at, length, row);
    at += length;
  }
  return true;
}

}  // namespace ff::drivers::postgres
