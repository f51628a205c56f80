// PostgreSQL binary COPY framing + field decoding (CopyStreamDecoder, ColumnDecoder).
// Input: column count byte (1..16), per column a kind byte, a flags byte (bit 0: array) and
// width/scale bytes; then CopyData messages, each as a big-endian u16 length and its bytes.
#include <duckdb.h>

#include <vector>

#include "drivers/postgres/pg_copy.hpp"
#include "drivers/postgres/pg_types.hpp"
#include "fuzz_support.hpp"

using namespace ff::drivers::postgres;

namespace {

constexpr int kKinds = static_cast<int>(PgKind::kUuid) + 1;

PgColumnType ColumnFrom(ff::fuzz::Input& in) {
  PgColumnType type;
  type.kind = static_cast<PgKind>(in.Byte() % kKinds);
  type.is_array = in.Byte() & 1;
  type.width = static_cast<uint8_t>(1 + in.Byte() % 38);
  type.scale = static_cast<uint8_t>(in.Byte() % (type.width + 1));
  return type;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ff::fuzz::Input in(data, size);
  const int columns = 1 + in.Byte() % 16;
  std::vector<PgColumnType> types;
  std::vector<duckdb_logical_type> logical;
  for (int c = 0; c < columns; ++c) {
    types.push_back(ColumnFrom(in));
    logical.push_back(DuckTypeFor(types.back()));
  }
  duckdb_data_chunk chunk = duckdb_create_data_chunk(logical.data(), logical.size());
  CopyStreamDecoder decoder(types, "fuzz");
  ff::fuzz::Expect([&] {
    decoder.Bind(chunk);
    idx_t row = 0;
    while (!in.Empty()) {
      const std::string_view message = in.Take(in.U16());
      if (decoder.DecodeMessage(message.data(), message.data() + message.size(), row)) ++row;
      if (row == duckdb_vector_size()) {  // a full chunk: start the next, as the reader does
        duckdb_data_chunk_reset(chunk);
        decoder.Bind(chunk);
        row = 0;
      }
    }
  });
  duckdb_destroy_data_chunk(&chunk);
  for (duckdb_logical_type& type : logical) duckdb_destroy_logical_type(&type);
  return 0;
}
