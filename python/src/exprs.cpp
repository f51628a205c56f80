// ff.Expr and its namespaces (.str, .dt), when/then, selectors: the C++ expression builders
// exposed one-to-one, with Python values accepted wherever an expression is expected.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/expr.hpp"
#include "values.hpp"

namespace py = pybind11;

namespace flowfile_py {

namespace {

using ff::Expr;

Expr Binary(const char* name, const Expr& a, py::handle b) {
  return Expr::Call(name, {a, ToExpr(b)});
}
Expr Reflected(const char* name, const Expr& a, py::handle b) {
  return Expr::Call(name, {ToExpr(b), a});
}

std::vector<Expr> ExprList(py::args args) {
  std::vector<Expr> out;
  for (py::handle a : args) {
    if (py::isinstance<py::list>(a) || py::isinstance<py::tuple>(a)) {
      for (py::handle item : a) out.push_back(ColumnOrExpr(item));
    } else {
      out.push_back(ColumnOrExpr(a));
    }
  }
  return out;
}

}  // namespace

void RegisterExprs(py::module_& m) {
  py::class_<Expr> expr(m, "Expr");
  expr.def("alias", &Expr::alias, py::arg("name"))
      .def(
          "cast",
          [](const Expr& e, py::handle dtype, bool strict) {
            return e.cast(ToDataType(dtype), strict);
          },
          py::arg("dtype"), py::arg("strict") = true)
      .def("is_null", &Expr::is_null)
      .def("is_not_null", &Expr::is_not_null)
      .def("is_nan", [](const Expr& e) { return Expr::Call("is_nan", {e}); })
      .def(
          "fill_null", [](const Expr& e, py::handle v) { return e.fill_null(ToExpr(v)); },
          py::arg("value"))
      .def("fill_nan",
           [](const Expr& e, py::handle v) {
             return Expr::Call("fill_nan", {e, ToExpr(v)});
           })
      .def(
          "is_in",
          [](const Expr& e, py::iterable values) {
            std::vector<Expr> items;
            for (py::handle v : values) items.push_back(ToExpr(v));
            return e.is_in(std::move(items));
          },
          py::arg("other"))
      .def(
          "is_between",
          [](const Expr& e, py::handle lo, py::handle hi, std::string closed) {
            return e.is_between(ToExpr(lo), ToExpr(hi), std::move(closed));
          },
          py::arg("lower_bound"), py::arg("upper_bound"), py::arg("closed") = "both")
      .def("round", &Expr::round, py::arg("decimals") = 0)
      .def("abs", &Expr::abs)
      .def("sqrt", [](const Expr& e) { return Expr::Call("sqrt", {e}); })
      .def(
          "log",
          [](const Expr& e, double base) {
            return Expr::Call("log", {e, Expr(base)});
          },
          py::arg("base") = 2.718281828459045)
      .def("log10", [](const Expr& e) { return Expr::Call("log10", {e}); })
      .def("exp", [](const Expr& e) { return Expr::Call("exp", {e}); })
      .def("pow",
           [](const Expr& e, py::handle p) {
             return Expr::Call("pow", {e, ToExpr(p)});
           })
      .def("sum", &Expr::sum)
      .def("mean", &Expr::mean)
      .def("median", &Expr::median)
      .def("min", &Expr::min)
      .def("max", &Expr::max)
      .def("count", &Expr::count)
      .def("len", &Expr::len)
      .def("n_unique", &Expr::n_unique)
      .def("first", &Expr::first)
      .def("last", &Expr::last)
      .def("std", &Expr::std, py::arg("ddof") = 1)
      .def("var", &Expr::var, py::arg("ddof") = 1)
      .def("quantile", &Expr::quantile, py::arg("quantile"), py::arg("interpolation") = "nearest")
      .def("rank", &Expr::rank, py::arg("method") = "average", py::arg("descending") = false)
      .def("cum_sum", &Expr::cum_sum)
      .def("shift", &Expr::shift, py::arg("n") = 1)
      .def("diff", &Expr::diff, py::arg("n") = 1)
      .def("over",
           [](const Expr& e, py::args partition_by) { return e.over(ExprList(partition_by)); })
      .def("not_", [](const Expr& e) { return ~e; })
      .def_property_readonly("str", &Expr::str)
      .def_property_readonly("dt", &Expr::dt)
      .def("__add__", [](const Expr& a, py::handle b) { return Binary("add", a, b); })
      .def("__radd__", [](const Expr& a, py::handle b) { return Reflected("add", a, b); })
      .def("__sub__", [](const Expr& a, py::handle b) { return Binary("sub", a, b); })
      .def("__rsub__", [](const Expr& a, py::handle b) { return Reflected("sub", a, b); })
      .def("__mul__", [](const Expr& a, py::handle b) { return Binary("mul", a, b); })
      .def("__rmul__", [](const Expr& a, py::handle b) { return Reflected("mul", a, b); })
      .def("__truediv__", [](const Expr& a, py::handle b) { return Binary("truediv", a, b); })
      .def("__rtruediv__", [](const Expr& a, py::handle b) { return Reflected("truediv", a, b); })
      .def("__floordiv__", [](const Expr& a, py::handle b) { return Binary("floordiv", a, b); })
      .def("__rfloordiv__", [](const Expr& a, py::handle b) { return Reflected("floordiv", a, b); })
      .def("__mod__", [](const Expr& a, py::handle b) { return Binary("mod", a, b); })
      .def("__rmod__", [](const Expr& a, py::handle b) { return Reflected("mod", a, b); })
      .def("__pow__", [](const Expr& a, py::handle b) { return Binary("pow", a, b); })
      .def("__eq__", [](const Expr& a, py::handle b) { return Binary("eq", a, b); })
      .def("__ne__", [](const Expr& a, py::handle b) { return Binary("neq", a, b); })
      .def("__lt__", [](const Expr& a, py::handle b) { return Binary("lt", a, b); })
      .def("__le__", [](const Expr& a, py::handle b) { return Binary("le", a, b); })
      .def("__gt__", [](const Expr& a, py::handle b) { return Binary("gt", a, b); })
      .def("__ge__", [](const Expr& a, py::handle b) { return Binary("ge", a, b); })
      .def("__and__", [](const Expr& a, py::handle b) { return Binary("and", a, b); })
      .def("__rand__", [](const Expr& a, py::handle b) { return Reflected("and", a, b); })
      .def("__or__", [](const Expr& a, py::handle b) { return Binary("or", a, b); })
      .def("__ror__", [](const Expr& a, py::handle b) { return Reflected("or", a, b); })
      .def("__xor__", [](const Expr& a, py::handle b) { return Binary("xor", a, b); })
      .def("__invert__", [](const Expr& a) { return ~a; })
      .def("__neg__", [](const Expr& a) { return -a; })
      .def("__abs__", &Expr::abs)
      .def("__bool__",
           [](const Expr&) -> bool {
             throw py::type_error(
                 "the truth value of an Expr is ambiguous: use & and | instead of 'and' and "
                 "'or', and parentheses around comparisons");
           })
      .def("__repr__", [](const Expr& e) { return "<Expr '" + ff::OutputName(e) + "'>"; })
      .def_property_readonly("output_name", [](const Expr& e) { return ff::OutputName(e); });
  expr.attr("__hash__") = py::none();

  py::class_<ff::StrNamespace>(m, "StrNamespace")
      .def("contains", &ff::StrNamespace::contains, py::arg("pattern"), py::arg("literal") = false)
      .def("starts_with", &ff::StrNamespace::starts_with, py::arg("prefix"))
      .def("ends_with", &ff::StrNamespace::ends_with, py::arg("suffix"))
      .def("to_uppercase", &ff::StrNamespace::to_uppercase)
      .def("to_lowercase", &ff::StrNamespace::to_lowercase)
      .def("len_chars", &ff::StrNamespace::len_chars)
      .def("replace", &ff::StrNamespace::replace, py::arg("pattern"), py::arg("value"),
           py::arg("literal") = false)
      .def("replace_all", &ff::StrNamespace::replace_all, py::arg("pattern"), py::arg("value"),
           py::arg("literal") = false)
      .def("slice", &ff::StrNamespace::slice, py::arg("offset"), py::arg("length") = py::none())
      .def("strip_chars", &ff::StrNamespace::strip_chars, py::arg("characters") = py::none())
      .def("split", &ff::StrNamespace::split, py::arg("by"))
      .def("concat", &ff::StrNamespace::concat, py::arg("delimiter") = "")
      .def(
          "strptime",
          [](const ff::StrNamespace& s, py::handle dtype, std::string format) {
            return s.strptime(ToDataType(dtype), std::move(format));
          },
          py::arg("dtype"), py::arg("format"))
      .def("to_date", &ff::StrNamespace::to_date, py::arg("format") = py::none())
      .def("to_datetime", &ff::StrNamespace::to_datetime, py::arg("format") = py::none());

  py::class_<ff::DtNamespace>(m, "DtNamespace")
      .def("year", &ff::DtNamespace::year)
      .def("month", &ff::DtNamespace::month)
      .def("day", &ff::DtNamespace::day)
      .def("hour", &ff::DtNamespace::hour)
      .def("minute", &ff::DtNamespace::minute)
      .def("second", &ff::DtNamespace::second)
      .def("weekday", &ff::DtNamespace::weekday)
      .def("truncate", &ff::DtNamespace::truncate, py::arg("every"))
      .def("offset_by", &ff::DtNamespace::offset_by, py::arg("by"));

  py::class_<ff::When>(m, "When").def(
      "then", [](const ff::When& w, py::handle v) { return w.then(ToExpr(v)); });
  py::class_<ff::WhenThen>(m, "Then")
      .def("when", [](const ff::WhenThen& w, py::handle c) { return w.when(ToExpr(c)); })
      .def("otherwise", [](const ff::WhenThen& w, py::handle v) { return w.otherwise(ToExpr(v)); })
      .def("alias", [](const ff::WhenThen& w, std::string name) {
        return static_cast<Expr>(w).alias(std::move(name));
      });

  m.def("col", [](std::string name) { return ff::col(std::move(name)); });
  m.def("lit", [](py::handle value) { return ToExpr(value); });
  m.def("when", [](py::handle condition) { return ff::when(ToExpr(condition)); });
  m.def("len", []() { return ff::len(); });
  m.def("all", []() { return ff::all(); });
  m.def("formula", [](std::string text) { return ff::formula(std::move(text)); });
  m.def("call", [](std::string name, py::args args) {
    std::vector<Expr> exprs;
    for (py::handle a : args) exprs.push_back(ToExpr(a));
    return Expr::Call(std::move(name), std::move(exprs));
  });
  m.def(
      "concat_str",
      [](py::iterable exprs, std::string separator) {
        std::vector<Expr> items;
        for (py::handle e : exprs) items.push_back(ColumnOrExpr(e));
        return ff::concat_str(std::move(items), std::move(separator));
      },
      py::arg("exprs"), py::arg("separator") = "");

  py::module_ s = m.def_submodule("selectors");
  s.def("numeric", &ff::selectors::numeric);
  s.def("string", &ff::selectors::string);
  s.def("temporal", &ff::selectors::temporal);
  s.def("boolean", &ff::selectors::boolean);
  s.def("by_name", &ff::selectors::by_name);
  s.def("starts_with", &ff::selectors::starts_with);
  s.def("ends_with", &ff::selectors::ends_with);
  s.def("contains", &ff::selectors::contains);
  s.def("matches", &ff::selectors::matches);
  s.def("by_dtype", [](py::iterable dtypes) {
    std::vector<ff::DataType> types;
    for (py::handle d : dtypes) types.push_back(ToDataType(d));
    return ff::selectors::by_dtype(std::move(types));
  });
}

}  // namespace flowfile_py
