// Formulas as frame expressions: with_columns, filter, select, output names, flow-file JSON,
// and the compiler's result types against what the engine returns.
#include "formula/formula.hpp"
#include "formula_test_support.hpp"
#include "frame/expr_json.hpp"

namespace ff::formula_test {
namespace {

const Columns kOrders = {{"price", {F(10.0), F(20.0), F(5.0)}},
                         {"qty", {I(1), I(3), N()}},
                         {"city", {S("Amsterdam"), S("Utrecht"), S("Amsterdam")}}};

TEST(FormulaFrame, WithColumnsFilterAndSelect) {
  const FlowFrame f = from_columns(kOrders);
  const DataFrame added = f.with_columns({formula("[price] * [qty]").alias("total")}).collect();
  EXPECT_EQ(added.columns(), (Strings{"price", "qty", "city", "total"}));
  Strings totals;
  for (const Value& v : added.column("total")) totals.push_back(v.ToString());
  EXPECT_EQ(totals, (Strings{"10.0", "60.0", "null"}));

  const DataFrame kept = f.filter(formula("[city] = 'Amsterdam' and [price] > 6")).collect();
  EXPECT_EQ(kept.height(), 1);
  // Null conditions drop the row, like false.
  EXPECT_EQ(f.filter(formula("[qty] > 0")).collect().height(), 2);

  const DataFrame selected = f.select({formula("uppercase([city])"), formula("1 + 1")}).collect();
  EXPECT_EQ(selected.columns(), (Strings{"city", "literal"}));
  EXPECT_EQ(selected.column("literal").at(2).ToString(), "2");
}

TEST(FormulaFrame, OutputNameIsTheFirstColumn) {
  EXPECT_EQ(OutputName(formula("[qty] * [price]")), "qty");
  EXPECT_EQ(OutputName(formula("2 * 2")), "literal");
  EXPECT_EQ(OutputName(formula("[qty] * 2").alias("double")), "double");
  EXPECT_EQ(ReferencedColumns(formula("[qty] * [price] + [qty]")), (Strings{"qty", "price"}));
}

TEST(FormulaFrame, ErrorsSurfaceWhenTheFrameIsBuilt) {
  const FlowFrame f = from_columns(kOrders);
  std::string e = ErrorOf([] { formula("[price] *"); });
  EXPECT_NE(e.find("line 1, column 10"), std::string::npos) << e;
  e = ErrorOf([&] { f.with_columns({formula("[prise] * 2")}); }, ErrorCode::kNotFound);
  EXPECT_NE(e.find("prise"), std::string::npos) << e;
  EXPECT_NE(e.find("price"), std::string::npos) << e;
  e = ErrorOf([&] { f.with_columns({formula("[city] > 3")}).collect(); });
  EXPECT_NE(e.find("cannot compare column [city] (String) with the number 3"), std::string::npos)
      << e;
}

TEST(FormulaFrame, SerialisesAsItsText) {
  const Expr e = formula("[price] * 2").alias("double");
  const nlohmann::json j = frame::ExprToJson(e);
  EXPECT_NE(j.dump().find("[price] * 2"), std::string::npos) << j.dump();
  const Expr back = frame::ExprFromJson(j);
  const DataFrame a = from_columns(kOrders).with_columns({e}).collect();
  const DataFrame b = from_columns(kOrders).with_columns({back}).collect();
  EXPECT_TRUE(a.equals(b));
}

TEST(FormulaFrame, ResultTypeMatchesTheEngine) {
  const Columns c = {
      {"i", {I(3)}},    {"f", {F(2.5)}},         {"s", {S("2021-03-15")}},
      {"b", {B(true)}}, {"d", {D(2021, 3, 15)}}, {"t", {T(2024, 1, 15, 10, 30, 45)}}};
  const Schema schema = from_columns(c).schema();
  const char* const kFormulas[] = {"[i] + 1",
                                   "[i] * [f]",
                                   "[i] / 2",
                                   "[i] % 2",
                                   "-[i]",
                                   "[s] + 'x'",
                                   "[i] = 1",
                                   "[i] != 2",
                                   "\"a\" in [s]",
                                   "[b] and true",
                                   "3 & 5",
                                   "if [b] then 1 else 2.5 endif",
                                   "if [b] then 'x' else [i] endif",
                                   "between([i], 1, 5)",
                                   "coalesce([i], 0)",
                                   "coalesce([i], 0.5)",
                                   "greatest([i], 100)",
                                   "nullif([i], 3)",
                                   "is_empty([s])",
                                   "concat([s], 1)",
                                   "count_match([s], '1')",
                                   "find_position([s], '-')",
                                   "left([s], 2)",
                                   "length([s])",
                                   "pad_left([s], 12, '0')",
                                   "split([s], '-')",
                                   "string_similarity([s], 'x')",
                                   "titlecase([s])",
                                   "abs([i])",
                                   "abs([f])",
                                   "ceil([f])",
                                   "floor([i])",
                                   "log([f])",
                                   "mod([i], 2)",
                                   "negative()",
                                   "pow([i], 2)",
                                   "pow([f], 2)",
                                   "random_int(1, 5)",
                                   "round([f], 1)",
                                   "round([i])",
                                   "sign([f])",
                                   "sign([i])",
                                   "sqrt([i])",
                                   "add_days([d], 1)",
                                   "add_days([t], 1)",
                                   "add_hours([t], 1)",
                                   "add_hours([d], 1)",
                                   "add_months([d], 1)",
                                   "add_months([t], 1)",
                                   "add_years([d], 1)",
                                   "date_diff_days([t], [d])",
                                   "date_trim([d], 'month')",
                                   "date_truncate([t], '2h')",
                                   "datetime_diff_seconds([t], [d])",
                                   "day([d])",
                                   "dayofyear([d])",
                                   "end_of_month([t])",
                                   "end_of_month([d])",
                                   "format_date([d])",
                                   "hour([t])",
                                   "now()",
                                   "start_of_month([d])",
                                   "week([t])",
                                   "year([t])",
                                   "to_boolean([s])",
                                   "to_date([s])",
                                   "to_datetime([s])",
                                   "to_decimal([f], 1)",
                                   "to_float([i])",
                                   "to_integer([f])",
                                   "to_string([t])",
                                   "not([b])",
                                   "[t] - [d]"};
  for (const char* text : kFormulas) {
    const DataType expected = formulas::ResultType(text, schema);
    const DataFrame out = from_columns(c).with_columns({formula(text).alias("out")}).collect();
    EXPECT_EQ(out.schema().back().dtype.ToString(), expected.ToString()) << text;
  }
}

}  // namespace
}  // namespace ff::formula_test
