// MySQL / MariaDB text-protocol values into typed vectors (WriteTextValue).
// Input: column count byte (1..4), per column a type byte and width/scale bytes; then values
// row by row, each a length byte (255 = NULL) and its text.
#include <duckdb.h>

#include <vector>

#include "drivers/mariadb/mariadb_decode.hpp"
#include "fuzz_support.hpp"

using namespace ff::drivers::mariadb;

namespace {

constexpr duckdb_type kTypes[] = {
    DUCKDB_TYPE_BOOLEAN,   DUCKDB_TYPE_TINYINT,   DUCKDB_TYPE_UTINYINT, DUCKDB_TYPE_SMALLINT,
    DUCKDB_TYPE_USMALLINT, DUCKDB_TYPE_INTEGER,   DUCKDB_TYPE_UINTEGER, DUCKDB_TYPE_BIGINT,
    DUCKDB_TYPE_UBIGINT,   DUCKDB_TYPE_FLOAT,     DUCKDB_TYPE_DOUBLE,   DUCKDB_TYPE_DECIMAL,
    DUCKDB_TYPE_DATE,      DUCKDB_TYPE_TIMESTAMP, DUCKDB_TYPE_VARCHAR,  DUCKDB_TYPE_BLOB};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ff::fuzz::Input in(data, size);
  const int columns = 1 + in.Byte() % 4;
  std::vector<ColumnKind> kinds;
  std::vector<duckdb_logical_type> logical;
  for (int c = 0; c < columns; ++c) {
    ColumnKind kind;
    kind.type = kTypes[in.Byte() % (sizeof kTypes / sizeof kTypes[0])];
    kind.width = static_cast<uint8_t>(1 + in.Byte() % 38);
    kind.scale = static_cast<uint8_t>(in.Byte() % (kind.width + 1));
    kinds.push_back(kind);
    logical.push_back(LogicalFor(kind));
  }
  duckdb_data_chunk chunk = duckdb_create_data_chunk(logical.data(), logical.size());
  for (idx_t row = 0; !in.Empty() && row < duckdb_vector_size(); ++row) {
    for (int c = 0; c < columns; ++c) {
      duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, c);
      const uint8_t length = in.Byte();
      const std::string_view text = length == 255 ? std::string_view() : in.Take(length);
      ff::fuzz::Expect([&] {
        WriteTextValue(vector, duckdb_vector_get_data(vector), kinds[c], row,
                       length == 255 ? nullptr : text.data(), text.size());
      });
    }
  }
  duckdb_destroy_data_chunk(&chunk);
  for (duckdb_logical_type& type : logical) duckdb_destroy_logical_type(&type);
  return 0;
}
