// The framing of PostgreSQL's binary COPY stream: the file header, one tuple per CopyData
// message (as libpq hands them over), and the trailer. Field bytes go to ColumnDecoders.
//
// Kept apart from the connection so the same code can be fed captured or fuzzed bytes.
// Malformed framing throws ff::Error(kIo) naming the connection label.
#pragma once

#include <duckdb.h>

#include <string>
#include <vector>

#include "drivers/postgres/pg_decode.hpp"

namespace ff::drivers::postgres {

class CopyStreamDecoder {
 public:
  CopyStreamDecoder(const std::vector<PgColumnType>& types, std::string label);

  //! Targets the vectors of `chunk` (one per column, fresh) for the following messages.
  void Bind(duckdb_data_chunk chunk);
  //! Decodes one CopyData message [at, end); true when it held a row (written at `row`),
  //! false for a message holding only the header or the trailer.
  bool DecodeMessage(const char* at, const char* end, idx_t row);

 private:
  std::string label_;
  std::vector<ColumnDecoder> decoders_;
  bool header_seen_ = false;
};

}  // namespace ff::drivers::postgres
