// Python objects <-> ff::Value cells and expression literals.
#pragma once

#include <pybind11/pybind11.h>

#include "flowfile/expr.hpp"
#include "flowfile/value.hpp"

namespace flowfile_py {

//! int, float, bool, str, bytes, Decimal, date, time, datetime (aware -> UTC), timedelta,
//! list/tuple, dict, None, numpy scalars. Anything else: TypeError naming the type.
ff::Value ToValue(pybind11::handle object);
pybind11::object FromValue(const ff::Value& value);

//! An Expr as is; any other Python value as a literal expression.
ff::Expr ToExpr(pybind11::handle object);
//! A column name (str) or an expression.
ff::Expr ColumnOrExpr(pybind11::handle object);

//! ff.Int64, ff.Datetime("ms"), "BIGINT" ... -> a DataType (dtype objects carry `_sql`).
ff::DataType ToDataType(pybind11::handle object);

}  // namespace flowfile_py
