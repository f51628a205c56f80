// Deletion vectors (table feature 'deletionVectors'): decoding the descriptor's storage
// (inline Z85, UUID-named file, absolute path) and the RoaringBitmap of deleted row positions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/delta.hpp"

namespace ff::delta {

//! Z85 (ZeroMQ RFC 32): 5 characters -> 4 big-endian bytes. Throws kInvalidArgument.
std::string Z85Decode(const std::string& text);
//! The inverse; `bytes.size()` must be a multiple of 4.
std::string Z85Encode(const std::string& bytes);

//! The file of a UUID-based vector ("u") relative to the table root, e.g.
//! "ab/deletion_vector_<uuid>.bin"; nullopt for inline ("i") and absolute-path ("p") vectors.
std::optional<std::string> RelativeDeletionVectorPath(const DeletionVector& dv);

//! The local file holding `dv` (its "u" or "p" storage), nullopt for an inline vector.
//! An absolute path must lie under `table_root` (see ResolveDataPath).
std::optional<std::string> DeletionVectorFile(const std::string& table_root,
                                              const DeletionVector& dv);

//! Row positions (0-based, within the whole Parquet file) that `dv` deletes, ascending.
//! Throws kInvalidArgument for a corrupt vector (bad magic, checksum, sizes), kIo when the
//! vector's file cannot be read.
std::vector<uint64_t> DeletedRows(const std::string& table_root, const DeletionVector& dv);

//! A deletion vector file holding one vector: version byte 1, u32 BE size, data, u32 BE CRC-32.
//! The vector's offset in it is 1.
std::string EncodeDeletionVectorFile(const std::string& bitmap_data);

//! Parses serialised bitmap data: u32 LE magic 1681511377 + 64-bit portable RoaringBitmap.
//! Throws kInvalidArgument for rows out of order or more than `max_rows` of them (the
//! descriptor's cardinality), so corrupt bytes cannot expand into a huge list.
std::vector<uint64_t> ParseDeletionBitmap(const std::string& data, uint64_t max_rows = UINT64_MAX);

}  // namespace ff::delta
