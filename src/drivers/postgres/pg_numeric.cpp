#include "drivers/postgres/pg_numeric.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>

#include "drivers/postgres/pg_wire.hpp"
#include "flowfile/errors.hpp"

namespace ff::drivers::postgres {
namespace {

__extension__ typedef unsigned __int128 UInt128;

constexpr uint16_t kPositive = 0x0000, kNegative = 0x4000, kNaN = 0xC000, kPlusInf = 0xD000,
                   kMinusInf = 0xF000;
constexpr int kHeaderBytes = 8;

struct NumericHeader {
  int16_t ndigits;
  int16_t weight;
  uint16_t sign;
};

NumericHeader ReadHeader(const char* data, int32_t length) {
  auto malformed = [](const char* what) {
    return Error(ErrorCode::kIo, std::string("postgresql: malformed numeric value (") + what + ")");
  };
  if (length < kHeaderBytes) throw malformed("shorter than its header");
  NumericHeader header{wire::Read<int16_t>(data), wire::Read<int16_t>(data + 2),
                       wire::Read<uint16_t>(data + 4)};
  if (header.ndigits < 0 || length != kHeaderBytes + 2 * header.ndigits)
    throw malformed("digit count and length differ");
  if (header.sign != kPositive && header.sign != kNegative && header.sign != kNaN &&
      header.sign != kPlusInf && header.sign != kMinusInf)
    throw malformed("unknown sign");
  for (int i = 0; i < header.ndigits; ++i) {
    const int16_t digit = wire::Read<int16_t>(data + kHeaderBytes + 2 * i);
    if (digit < 0 || digit > 9999) throw malformed("a base-10000 digit out of range");
  }
  return header;
}

Int128 Pow10(int exponent) {
  Int128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void AppendSpecial(uint16_t sign, std::string& out) {
  wire::Append<int16_t>(out, 0);
  wire::Append<int16_t>(out, 0);
  wire::Append<uint16_t>(out, sign);
  wire::Append<int16_t>(out, 0);
}

}  // namespace

Int128 NumericToScaled(const char* data, int32_t length, int scale) {
  const NumericHeader header = ReadHeader(data, length);
  if (header.sign == kNaN || header.sign == kPlusInf || header.sign == kMinusInf) {
    throw Error(ErrorCode::kInvalidArgument,
                "postgresql: a numeric NaN or Infinity cannot be stored in a DECIMAL column; "
                "cast the column to float8 in the query to read it as DOUBLE");
  }
  // Overflow-checked: a value past 38 digits is an error, never a wrapped number.
  auto too_big = [] {
    return Error(ErrorCode::kInvalidArgument,
                 "postgresql: a numeric value exceeds 38 digits and does not fit DECIMAL");
  };
  Int128 value = 0;
  for (int i = 0; i < header.ndigits; ++i) {
    const Int128 digit = wire::Read<int16_t>(data + kHeaderBytes + 2 * i);
    if (digit == 0) continue;
    const int exponent = 4 * (header.weight - i) + scale;
    if (exponent > 38) throw too_big();
    // Digits below the scale are cut, as the column's typmod already rounded them.
    if (exponent <= -4) continue;
    Int128 term = 0;
    if (exponent < 0) {
      term = digit / Pow10(-exponent);
    } else if (__builtin_mul_overflow(digit, Pow10(exponent), &term)) {
      throw too_big();
    }
    if (__builtin_add_overflow(value, term, &value)) throw too_big();
  }
  return header.sign == kNegative ? -value : value;
}

double NumericToDouble(const char* data, int32_t length) {
  const NumericHeader header = ReadHeader(data, length);
  if (header.sign == kNaN) return std::numeric_limits<double>::quiet_NaN();
  if (header.sign == kPlusInf) return std::numeric_limits<double>::infinity();
  if (header.sign == kMinusInf) return -std::numeric_limits<double>::infinity();
  if (header.ndigits == 0) return 0.0;
  // Formatting the exact decimal and letting strtod round it gives the nearest double.
  std::string text = header.sign == kNegative ? "-" : "";
  for (int i = 0; i < header.ndigits; ++i) {
    const int digit = wire::Read<int16_t>(data + kHeaderBytes + 2 * i);
    char group[5] = {
        static_cast<char>('0' + digit / 1000), static_cast<char>('0' + digit / 100 % 10),
        static_cast<char>('0' + digit / 10 % 10), static_cast<char>('0' + digit % 10), '\0'};
    text += group;
  }
  text += "e" + std::to_string(4 * (header.weight - header.ndigits + 1));
  return std::strtod(text.c_str(), nullptr);
}

void AppendNumericFromText(std::string_view text, std::string& out) {
  auto invalid = [&] {
    return Error(ErrorCode::kInvalidArgument,
                 "postgresql: '" + std::string(text.substr(0, 40)) + "' is not a numeric value");
  };
  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) {
    negative = rest[0] == '-';
    rest.remove_prefix(1);
  }
  if (EqualsIgnoringCase(rest, "nan")) return AppendSpecial(kNaN, out);
  if (EqualsIgnoringCase(rest, "inf") || EqualsIgnoringCase(rest, "infinity"))
    return AppendSpecial(negative ? kMinusInf : kPlusInf, out);

  std::string digits;
  int point = 0, fraction = 0;
  bool seen_point = false, seen_digit = false;
  size_t i = 0;
  for (; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      seen_digit = true;
      (seen_point ? fraction : point) += 1;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) throw invalid();
  int exponent = 0;
  if (i < rest.size()) {
    if (rest[i] != 'e' && rest[i] != 'E') throw invalid();
    char* end = nullptr;
    const std::string exponent_text(rest.substr(i + 1));
    const long parsed = std::strtol(exponent_text.c_str(), &end, 10);
    if (exponent_text.empty() || *end != '\0' || parsed > 100000 || parsed < -100000)
      throw invalid();
    exponent = static_cast<int>(parsed);
  }
  point += exponent;
  const int dscale = std::max(0, fraction - exponent);

  size_t leading = 0;
  while (leading < digits.size() && digits[leading] == '0') ++leading;
  digits.erase(0, leading);
  point -= static_cast<int>(leading);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();

  if (dscale > 0x3FFF) {
    throw Error(ErrorCode::kInvalidArgument,
                "postgresql: '" + std::string(text.substr(0, 40)) +
                    "' has more decimals than PostgreSQL's numeric holds");
  }
  if (digits.empty()) {
    wire::Append<int16_t>(out, 0);
    wire::Append<int16_t>(out, 0);
    wire::Append<uint16_t>(out, kPositive);
    wire::Append<int16_t>(out, static_cast<int16_t>(dscale));
    return;
  }
  // Align the decimal point to a base-10000 group boundary, then pad the last group.
  const int pad = (4 - ((point % 4) + 4) % 4) % 4;
  digits.insert(0, static_cast<size_t>(pad), '0');
  point += pad;
  while (digits.size() % 4 != 0) digits += '0';
  const int ndigits = static_cast<int>(digits.size() / 4);
  // The wire format holds the digit count and weight in int16 and the scale in 14 bits.
  if (ndigits > 32767 || point / 4 - 1 > 32767 || point / 4 - 1 < -32768) {
    throw Error(ErrorCode::kInvalidArgument, "postgresql: '" + std::string(text.substr(0, 40)) +
                                                 "' is outside PostgreSQL's numeric range");
  }
  wire::Append<int16_t>(out, static_cast<int16_t>(ndigits));
  wire::Append<int16_t>(out, static_cast<int16_t>(point / 4 - 1));
  wire::Append<uint16_t>(out, negative ? kNegative : kPositive);
  wire::Append<int16_t>(out, static_cast<int16_t>(dscale));
  for (int g = 0; g < ndigits; ++g) {
    const char* d = digits.data() + 4 * g;
    wire::Append<int16_t>(out, static_cast<int16_t>((d[0] - '0') * 1000 + (d[1] - '0') * 100 +
                                                    (d[2] - '0') * 10 + (d[3] - '0')));
  }
}

std::string ScaledToText(Int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  UInt128 magnitude =
      negative ? static_cast<UInt128>(-(unscaled + 1)) + 1 : static_cast<UInt128>(unscaled);
  std::string digits;
  do {
    digits += static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  while (digits.size() < static_cast<size_t>(scale) + 1) digits += '0';
  std::reverse(digits.begin(), digits.end());
  if (scale > 0) digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
  return negative ? "-" + digits : digits;
}

}  // namespace ff::drivers::postgres
