// A join followed by a grouped aggregation, the benchmark's second workload.
//   example_join_regions                          checks the result on a few rows
//   example_join_regions ORDERS.parquet CUSTOMERS.parquet   the benchmark's form
#include <cstdio>
#include <flowfile/frame.hpp>

namespace {

ff::FlowFrame RegionTotals(const ff::FlowFrame& orders, const ff::FlowFrame& customers) {
  return orders.join(customers, {.on = {ff::col("customer_id")}, .description = "Attach customers"})
      .group_by({ff::col("region"), ff::col("segment")})
      .agg({ff::col("value").sum().alias("total"), ff::col("value").count().alias("n"),
            ff::col("value").mean().alias("mean")});
}

ff::Value I(int64_t v) { return {.kind = ff::Value::Kind::kInt, .integer = v}; }
ff::Value D(double v) { return {.kind = ff::Value::Kind::kDouble, .floating = v}; }
ff::Value S(const char* v) { return {.kind = ff::Value::Kind::kString, .text = v}; }

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2) {
    const ff::DataFrame df =
        RegionTotals(ff::scan_parquet({argv[1]}), ff::scan_parquet({argv[2]})).collect();
    std::printf("%lld rows\n", static_cast<long long>(df.height()));
    return 0;
  }
  const ff::FlowFrame orders = ff::from_columns({{"customer_id", {I(1), I(2), I(1), I(3), I(9)}},
                                                 {"value", {D(10), D(20), D(30), D(40), D(50)}}});
  const ff::FlowFrame customers =
      ff::from_columns({{"customer_id", {I(1), I(2), I(3)}},
                        {"region", {S("north"), S("south"), S("north")}},
                        {"segment", {S("retail"), S("retail"), S("retail")}}});
  const ff::DataFrame df = RegionTotals(orders, customers).sort({ff::col("region")}).collect();
  std::printf("%s\n", df.ToString().c_str());
  // north: orders 1, 1, 3 -> 10 + 30 + 40 = 80 over 3; south: 20 over 1; customer 9 has no match.
  const auto rows = df.rows();
  const bool ok = rows.size() == 2 && rows[0][0].text == "north" && rows[0][2].floating == 80 &&
                  rows[0][3].integer == 3 && rows[1][0].text == "south" &&
                  rows[1][2].floating == 20;
  return ok ? 0 : 1;
}
