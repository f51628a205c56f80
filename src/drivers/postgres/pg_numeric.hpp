// PostgreSQL's binary `numeric` format, to and from the forms DuckDB holds.
//
// Wire layout: int16 ndigits, int16 weight, uint16 sign, int16 dscale, then ndigits int16
// base-10000 digits; value = sum(digit[i] * 10000^(weight - i)). sign: 0x0000 positive,
// 0x4000 negative, 0xC000 NaN, 0xD000 +Infinity, 0xF000 -Infinity.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ff::drivers::postgres {

__extension__ typedef __int128 Int128;  // DuckDB's HUGEINT range, for DECIMAL(38)

//! The decoded value as unscaled_value * 10^-scale. Throws ff::Error(kInvalidArgument) for
//! NaN/Infinity (a DECIMAL cannot hold them) and kIo for malformed bytes.
Int128 NumericToScaled(const char* data, int32_t length, int scale);
//! The value as a double (NaN and infinities included).
double NumericToDouble(const char* data, int32_t length);
//! Appends the binary numeric for the decimal text `text` ("-12.50", "1e-3", "NaN",
//! "Infinity") to `out`. Throws ff::Error(kInvalidArgument) for text that is not a number.
void AppendNumericFromText(std::string_view text, std::string& out);
//! "-123.4500" for unscaled -1234500 at scale 4.
std::string ScaledToText(Int128 unscaled, int scale);

}  // namespace ff::drivers::postgres
