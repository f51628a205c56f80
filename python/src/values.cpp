#include "values.hpp"

#include <pybind11/stl.h>

#include "flowfile/errors.hpp"

namespace py = pybind11;

namespace flowfile_py {

namespace {

// Cached Python objects are leaked on purpose: destroying them after the interpreter has
// finalised (static teardown) would crash.
py::module_& Datetime() {
  static auto* module = new py::module_(py::module_::import("datetime"));
  return *module;
}

int64_t DaysSinceEpoch(py::handle date) {
  return date.attr("toordinal")().cast<int64_t>() - 719163;
}

int64_t MicrosOfTime(py::handle t) {
  return ((t.attr("hour").cast<int64_t>() * 60 + t.attr("minute").cast<int64_t>()) * 60 +
          t.attr("second").cast<int64_t>()) *
             1000000 +
         t.attr("microsecond").cast<int64_t>();
}

}  // namespace

ff::Value ToValue(py::handle o) {
  ff::Value v;
  using K = ff::Value::Kind;
  if (o.is_none()) return v;
  if (py::isinstance<py::bool_>(o)) {
    v.kind = K::kBool, v.boolean = o.cast<bool>();
    return v;
  }
  if (py::isinstance<py::int_>(o)) {
    try {
      v.kind = K::kInt, v.integer = o.cast<int64_t>();
    } catch (const py::cast_error&) {
      v.kind = K::kUInt, v.unsigned_integer = o.cast<uint64_t>();
    }
    return v;
  }
  if (py::isinstance<py::float_>(o)) {
    v.kind = K::kDouble, v.floating = o.cast<double>();
    return v;
  }
  if (py::isinstance<py::str>(o)) {
    v.kind = K::kString, v.text = o.cast<std::string>();
    return v;
  }
  if (py::isinstance<py::bytes>(o)) {
    v.kind = K::kBinary, v.text = o.cast<std::string>();
    return v;
  }
  auto& dt = Datetime();
  if (py::isinstance(o, dt.attr("datetime"))) {
    py::object value = py::reinterpret_borrow<py::object>(o);
    v.kind = K::kDatetime;
    if (!value.attr("tzinfo").is_none()) {
      value = value.attr("astimezone")(dt.attr("timezone").attr("utc"))
                  .attr("replace")(py::arg("tzinfo") = py::none());
      v.utc = true;
    }
    const int64_t days = DaysSinceEpoch(value.attr("date")());
    v.integer = days * 86400000000LL + MicrosOfTime(value);
    return v;
  }
  if (py::isinstance(o, dt.attr("date"))) {
    v.kind = K::kDate, v.integer = DaysSinceEpoch(o);
    return v;
  }
  if (py::isinstance(o, dt.attr("time"))) {
    v.kind = K::kTime, v.integer = MicrosOfTime(o);
    return v;
  }
  if (py::isinstance(o, dt.attr("timedelta"))) {
    v.kind = K::kDuration;
    v.days = o.attr("days").cast<int32_t>();
    v.integer =
        o.attr("seconds").cast<int64_t>() * 1000000 + o.attr("microseconds").cast<int64_t>();
    return v;
  }
  static auto* decimal = new py::object(py::module_::import("decimal").attr("Decimal"));
  if (py::isinstance(o, *decimal)) {
    v.kind = K::kDecimal, v.text = py::str(o).cast<std::string>();
    return v;
  }
  if (py::isinstance<py::dict>(o)) {
    v.kind = K::kStruct;
    for (auto item : o.cast<py::dict>()) {
      v.names.push_back(py::str(item.first).cast<std::string>());
      v.items.push_back(ToValue(item.second));
    }
    return v;
  }
  if (py::isinstance<py::list>(o) || py::isinstance<py::tuple>(o)) {
    v.kind = K::kList;
    for (py::handle item : o) v.items.push_back(ToValue(item));
    return v;
  }
  // numpy scalars and arrays, pandas values: through their Python equivalents.
  if (py::hasattr(o, "tolist")) return ToValue(o.attr("tolist")());
  if (py::hasattr(o, "item")) return ToValue(o.attr("item")());
  throw py::type_error("cannot use a value of type '" +
                       py::str(o.get_type().attr("__name__")).cast<std::string>() +
                       "' as data (expected int, float, bool, str, bytes, Decimal, date, "
                       "datetime, time, timedelta, list, dict or None)");
}

py::object FromValue(const ff::Value& v) {
  using K = ff::Value::Kind;
  auto& dt = Datetime();
  switch (v.kind) {
    case K::kNull: return py::none();
    case K::kBool: return py::bool_(v.boolean);
    case K::kInt: return py::int_(v.integer);
    case K::kUInt: return py::int_(v.unsigned_integer);
    case K::kDouble: return py::float_(v.floating);
    case K::kString: return py::str(v.text);
    case K::kBinary: return py::bytes(v.text);
    case K::kDecimal: {
      static auto* decimal = new py::object(py::module_::import("decimal").attr("Decimal"));
      return (*decimal)(v.text);
    }
    case K::kDate: return dt.attr("date").attr("fromordinal")(719163 + v.integer);
    case K::kTime: {
      const int64_t s = v.integer / 1000000;
      return dt.attr("time")(s / 3600, s / 60 % 60, s % 60, v.integer % 1000000);
    }
    case K::kDatetime: {
      static auto* epoch = new py::object(dt.attr("datetime")(1970, 1, 1));
      py::object value =
          *epoch + dt.attr("timedelta")(py::arg("microseconds") = py::int_(v.integer));
      if (v.utc) value = value.attr("replace")(py::arg("tzinfo") = dt.attr("timezone").attr("utc"));
      return value;
    }
    case K::kDuration:
      return dt.attr("timedelta")(py::arg("days") = v.months * 30 + v.days,
                                  py::arg("microseconds") = v.integer);
    case K::kList: {
      py::list out;
      for (const ff::Value& item : v.items) out.append(FromValue(item));
      return out;
    }
    case K::kStruct: {
      py::dict out;
      for (size_t i = 0; i < v.items.size(); ++i) out[py::str(v.names[i])] = FromValue(v.items[i]);
      return out;
    }
  }
  return py::none();
}

namespace {

ff::Literal ToLiteral(const ff::Value& v) {
  using K = ff::Value::Kind;
  ff::Literal l;
  switch (v.kind) {
    case K::kNull: break;
    case K::kBool: l.value = v.boolean; break;
    case K::kInt: l.value = v.integer; break;
    case K::kUInt: l.value = static_cast<int64_t>(v.unsigned_integer); break;
    case K::kDouble: l.value = v.floating; break;
    case K::kString: l.value = v.text; break;
    case K::kBinary: l.value = v.text, l.sql_type = "BLOB"; break;
    case K::kDecimal:
      l.value = v.text, l.sql_type = "DECIMAL(38," +
                                     std::to_string(v.text.find('.') == std::string::npos
                                                        ? 0
                                                        : v.text.size() - v.text.find('.') - 1) +
                                     ")";
      break;
    case K::kDate: l.value = v.ToString(), l.sql_type = "DATE"; break;
    case K::kTime: l.value = v.ToString(), l.sql_type = "TIME"; break;
    case K::kDatetime: {
      ff::Value naive = v;
      naive.utc = false;
      l.value = naive.ToString() + (v.utc ? "+00" : "");
      l.sql_type = v.utc ? "TIMESTAMPTZ" : "TIMESTAMP";
      break;
    }
    case K::kDuration:
      l.value = std::to_string(v.months) + " months " + std::to_string(v.days) + " days " +
                std::to_string(v.integer) + " microseconds";
      l.sql_type = "INTERVAL";
      break;
    case K::kList:
      l.is_list = true;
      for (const ff::Value& item : v.items) l.items.push_back(ToLiteral(item));
      break;
    case K::kStruct:
      throw ff::Error(ff::ErrorCode::kInvalidArgument, "a dict cannot be used as a literal");
  }
  return l;
}

}  // namespace

ff::Expr ToExpr(py::handle o) {
  if (py::isinstance<ff::Expr>(o)) return o.cast<ff::Expr>();
  if (py::isinstance<ff::WhenThen>(o)) return static_cast<ff::Expr>(o.cast<ff::WhenThen>());
  return ff::lit(ToLiteral(ToValue(o)));
}

ff::Expr ColumnOrExpr(py::handle o) {
  if (py::isinstance<py::str>(o)) return ff::col(o.cast<std::string>());
  return ToExpr(o);
}

ff::DataType ToDataType(py::handle o) {
  if (py::isinstance<py::str>(o)) {
    const std::string text = o.cast<std::string>();
    try {
      return ff::DataType::Named(text);
    } catch (const ff::Error&) {
      return ff::DataType::FromDuckDb(text);
    }
  }
  if (py::hasattr(o, "_sql")) {
    py::object sql = o.attr("_sql");
    if (PyCallable_Check(sql.ptr())) sql = sql();
    return ff::DataType::FromDuckDb(sql.cast<std::string>());
  }
  throw py::type_error("expected a data type such as ff.Int64 or ff.Datetime('us'), got '" +
                       py::str(o.get_type().attr("__name__")).cast<std::string>() + "'");
}

}  // namespace flowfile_py
