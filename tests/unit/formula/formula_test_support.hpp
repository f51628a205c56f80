// Running formulas through the real engine: a frame from values, one formula column, collected.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"

namespace ff::formula_test {

using Columns = std::vector<std::pair<std::string, std::vector<Value>>>;
using Strings = std::vector<std::string>;

inline Value N() { return Value{}; }
inline Value B(bool b) {
  Value v;
  v.kind = Value::Kind::kBool;
  v.boolean = b;
  return v;
}
inline Value I(int64_t i) {
  Value v;
  v.kind = Value::Kind::kInt;
  v.integer = i;
  return v;
}
inline Value F(double d) {
  Value v;
  v.kind = Value::Kind::kDouble;
  v.floating = d;
  return v;
}
inline Value S(std::string s) {
  Value v;
  v.kind = Value::Kind::kString;
  v.text = std::move(s);
  return v;
}
inline int64_t DaysSinceEpoch(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}
inline Value D(int y, unsigned m, unsigned d) {
  Value v;
  v.kind = Value::Kind::kDate;
  v.integer = DaysSinceEpoch(y, m, d);
  return v;
}
inline Value T(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  Value v;
  v.kind = Value::Kind::kDatetime;
  v.integer = (DaysSinceEpoch(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss) * 1000000LL;
  return v;
}

//! The collected frame of `with_columns(formula(text).alias("out"))` over `columns` (a dummy
//! column when none are given).
inline DataFrame RunFormula(const std::string& text, Columns columns = {}) {
  if (columns.empty()) columns = {{"_row", {I(0)}}};
  return from_columns(columns).with_columns({formula(text).alias("out")}).collect();
}

//! The formula's values, as display text (null, true, 1.5, text, 2024-01-31).
inline Strings Eval(const std::string& text, const Columns& columns = {}) {
  Strings out;
  for (const Value& v : RunFormula(text, columns).column("out")) out.push_back(v.ToString());
  return out;
}

//! The formula's single value (over a one-row frame).
inline std::string One(const std::string& text) { return Eval(text).at(0); }

//! The message of the ff::Error the call throws (empty when it does not throw).
template <typename F>
std::string ErrorOf(F&& call, ErrorCode expected = ErrorCode::kInvalidArgument) {
  try {
    call();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), expected) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

inline std::string FormulaError(const std::string& text, const Columns& columns = {}) {
  return ErrorOf([&] { RunFormula(text, columns); });
}

//! The type name of the formula's column ("BIGINT", "DATE", ...).
inline std::string TypeOf(const std::string& text, const Columns& columns = {}) {
  return RunFormula(text, columns).schema().back().dtype.ToString();
}

}  // namespace ff::formula_test
