// Shared helpers of the file formats: errors in one shape, whole-file I/O, civil dates.
#include "formats/table.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "flowfile/errors.hpp"

namespace ff::formats {

void Fail(const std::string& format, const std::string& path, const std::string& what) {
  throw Error(ErrorCode::kInvalidArgument, format + " file '" + path + "': " + what);
}

void Refuse(const std::string& format, const std::string& path, const std::string& what) {
  throw Error(ErrorCode::kUnsupported, format + " file '" + path + "': " + what);
}

std::string ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error(ErrorCode::kNotFound, "the file '" + path + "' does not exist");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, "cannot open the file '" + path + "'");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw Error(ErrorCode::kIo, "cannot read the file '" + path + "'");
  return std::move(bytes).str();
}

void WriteWholeFile(const std::string& path, const std::string& bytes) {
  const std::string temporary = path + ".ff-tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorCode::kIo, "cannot create the file '" + temporary + "'");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throw Error(ErrorCode::kIo, "cannot write the file '" + temporary + "'");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    throw Error(ErrorCode::kIo, "cannot write the file '" + path + "': " + ec.message());
  }
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  year = yoe + era * 400 + (month <= 2);
}

std::string DateText(int64_t days) {
  int64_t year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(days, year, month, day);
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
  return text;
}

std::string DatetimeText(int64_t micros) {
  constexpr int64_t kDay = 86400LL * 1000000;
  int64_t days = micros / kDay, rest = micros % kDay;
  if (rest < 0) rest += kDay, days -= 1;
  const int64_t seconds = rest / 1000000, fraction = rest % 1000000;
  char text[64];
  std::snprintf(text, sizeof text, "%s %02lld:%02lld:%02lld", DateText(days).c_str(),
                static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                static_cast<long long>(seconds % 60));
  std::string out = text;
  if (fraction != 0) {
    std::snprintf(text, sizeof text, ".%06lld", static_cast<long long>(fraction));
    out += text;
  }
  return out;
}

Value NullValue() { return Value{}; }

Value IntValue(int64_t v) {
  Value out;
  out.kind = Value::Kind::kInt, out.integer = v;
  return out;
}

Value UIntValue(uint64_t v) {
  Value out;
  out.kind = Value::Kind::kUInt, out.unsigned_integer = v;
  return out;
}

Value DoubleValue(double v) {
  Value out;
  out.kind = Value::Kind::kDouble, out.floating = v;
  return out;
}

Value BoolValue(bool v) {
  Value out;
  out.kind = Value::Kind::kBool, out.boolean = v;
  return out;
}

Value StringValue(std::string v) {
  Value out;
  out.kind = Value::Kind::kString, out.text = std::move(v);
  return out;
}

Value DateValue(int64_t days) {
  Value out;
  out.kind = Value::Kind::kDate, out.integer = days;
  return out;
}

Value DatetimeValue(int64_t micros, bool utc) {
  Value out;
  out.kind = Value::Kind::kDatetime, out.integer = micros, out.utc = utc;
  return out;
}

}  // namespace ff::formats
