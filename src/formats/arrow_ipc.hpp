// Arrow IPC files (.arrow, .ipc, Feather v2), and IPC streams, read and written by hand for
// flat columns: Int8..Int64, UInt8..UInt64, Float32/64, Boolean, Utf8/LargeUtf8,
// Binary/LargeBinary, Date32/Date64, Time32/64, Timestamp (any unit, with or without a time
// zone), Decimal128 and Null, with validity bitmaps. Anything else (dictionaries, nested types,
// compressed bodies, big-endian data) is refused naming the column and the type. Every
// offset, length and buffer is checked against the file: a truncated or corrupt file throws
// ff::Error naming the file and what is wrong.
#pragma once

#include <string>

#include "formats/table.hpp"

namespace ff::formats {

Table ReadIpc(const std::string& path);
//! The same from the file's bytes; `path` names the file in errors.
Table ReadIpcBytes(const std::string& bytes, const std::string& path);

//! The IPC file (magic, schema, one record batch, footer) for `table`. Datetimes are written
//! as Timestamp(MICROSECOND) with time zone "UTC" when the column has one; dates as Date32.
std::string IpcFileBytes(const Table& table, const std::string& path);
//! Writes IpcFileBytes to `path` (temporary file + rename). `compression` must be
//! "uncompressed" (lz4 and zstd bodies are refused).
void WriteIpc(const std::string& path, const Table& table, const std::string& compression);

}  // namespace ff::formats
