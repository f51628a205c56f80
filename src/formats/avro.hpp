// Avro object container files (.avro), read and written by hand: records of primitive fields
// (boolean, int, long, float, double, string, bytes, enum as string), nullable unions
// ["null", T] in either order, and the logical types date, time-millis/micros and
// timestamp-millis/micros (also local-timestamp-*). Codecs: null and deflate; snappy and
// others are refused by name. Nested types (records, arrays, maps, fixed) and unions of two
// non-null types are refused naming the field. Every varint, length and block is checked
// against the file: corrupt input throws ff::Error naming the file and what is wrong.
// (libavro's C API drops logical types from schemas, so it does not read or write the files;
// the unit tests check these files against it.)
#pragma once

#include <string>

#include "formats/table.hpp"

namespace ff::formats {

Table ReadAvro(const std::string& path);
//! The same from the file's bytes; `path` names the file in errors.
Table ReadAvroBytes(const std::string& bytes, const std::string& path);

//! The container file for `table`: every field a ["null", T] union; Datetime columns as
//! long/timestamp-micros, Date as int/date, Time as long/time-micros. `codec`: "null" or
//! "deflate" ("uncompressed" means null).
std::string AvroFileBytes(const Table& table, const std::string& path, const std::string& codec);
void WriteAvro(const std::string& path, const Table& table, const std::string& codec);

}  // namespace ff::formats
