// ff::Value's text form and equality (include/flowfile/value.hpp).
#include "flowfile/value.hpp"

#include <cmath>
#include <cstdio>

#include "util/calendar.hpp"

namespace ff {

std::string Value::ToString() const {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return boolean ? "true" : "false";
    case Kind::kInt: return std::to_string(integer);
    case Kind::kUInt: return std::to_string(unsigned_integer);
    case Kind::kDouble: {
      if (std::isnan(floating)) return "NaN";
      if (std::isinf(floating)) return floating > 0 ? "inf" : "-inf";
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.15g", floating);
      std::string out = buf;
      if (out.find_first_of(".en") == std::string::npos) out += ".0";
      return out;
    }
    case Kind::kString:
    case Kind::kDecimal: return text;
    case Kind::kBinary: {
      std::string out = "b\"";
      for (unsigned char c : text) {
        char buf[8];
        std::snprintf(buf, sizeof buf, c >= 32 && c < 127 ? "%c" : "\\x%02x", c);
        out += buf;
      }
      return out + "\"";
    }
    case Kind::kDate: return calendar::FormatDate(integer);
    case Kind::kTime: return calendar::FormatTime(integer);
    case Kind::kDatetime: return calendar::FormatDatetime(integer) + (utc ? " UTC" : "");
    case Kind::kDuration: {
      std::string out;
      if (months) out += std::to_string(months) + "mo";
      if (days) out += std::to_string(days) + "d";
      if (integer || out.empty()) {
        if (integer % 1000000 == 0) {
          out += std::to_string(integer / 1000000) + "s";
        } else {
          out += std::to_string(integer) + "µs";
        }
      }
      return out;
    }
    case Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += items[i].kind == Kind::kString ? "\"" + items[i].text + "\"" : items[i].ToString();
      }
      return out + "]";
    }
    case Kind::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ",";
        out += items[i].kind == Kind::kString ? "\"" + items[i].text + "\"" : items[i].ToString();
      }
      return out + "}";
    }
  }
  return "";
}

bool Value::operator==(const Value& o) const {
  return kind == o.kind && boolean == o.boolean && integer == o.integer &&
         unsigned_integer == o.unsigned_integer &&
         (floating == o.floating || (std::isnan(floating) && std::isnan(o.floating))) &&
         months == o.months && days == o.days && utc == o.utc && text == o.text &&
         items == o.items && names == o.names;
}

}  // namespace ff
