// The seed's "Code that documents itself" pipeline in C++.
//   example_seed_pipeline            runs it on the seed's five rows and checks the totals
//   example_seed_pipeline FILE.parquet   runs it on a Parquet file (the benchmark's form)
#include <cmath>
#include <cstdio>
#include <flowfile/frame.hpp>
#include <map>

namespace {

ff::FlowFrame Pipeline(const ff::FlowFrame& source) {
  return source.filter(ff::col("value") > 120, {.description = "Drop low-value rows"})
      .with_columns({(ff::col("value") * 1.1).alias("adjusted_value"),
                     ff::when(ff::col("category") == "A")
                         .then(ff::lit({.value = std::string("Premium")}))
                         .when(ff::col("category") == "B")
                         .then(ff::lit({.value = std::string("Standard")}))
                         .otherwise(ff::lit({.value = std::string("Basic")}))
                         .alias("tier")},
                    {.description = "Compute adjusted value and pricing tier"})
      .group_by({ff::col("tier")})
      .agg({ff::col("adjusted_value").sum().alias("total_value"),
            ff::col("id").count().alias("count")})
      .sort({ff::col("total_value")}, {.descending = {true}});
}

ff::Value Int(int64_t v) { return ff::Value{.kind = ff::Value::Kind::kInt, .integer = v}; }
ff::Value Str(const char* s) { return ff::Value{.kind = ff::Value::Kind::kString, .text = s}; }

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    const ff::DataFrame result = Pipeline(ff::scan_parquet({argv[1]})).collect();
    std::printf("%lld rows\n", static_cast<long long>(result.height()));
    return 0;
  }
  const ff::FlowFrame source = ff::from_columns({
      {"id", {Int(1), Int(2), Int(3), Int(4), Int(5)}},
      {"category", {Str("A"), Str("B"), Str("A"), Str("C"), Str("B")}},
      {"value", {Int(100), Int(200), Int(150), Int(300), Int(250)}},
  });
  const ff::FlowFrame result = Pipeline(source);
  const ff::DataFrame df = result.collect();
  std::printf("%s\n", df.ToString().c_str());
  for (const ff::GraphNode& node : result.graph_nodes()) {
    std::printf("node %lld %s '%s'\n", static_cast<long long>(node.id), node.type.c_str(),
                node.description.c_str());
  }
  // Expected: Standard = (200 + 250) * 1.1 = 495 (2 rows), Basic = 330 (1), Premium = 165 (1).
  const std::map<std::string, std::pair<double, int64_t>> expected = {
      {"Standard", {495.0, 2}}, {"Basic", {330.0, 1}}, {"Premium", {165.0, 1}}};
  int failures = 0;
  for (const auto& row : df.rows()) {
    const auto it = expected.find(row.at(0).text);
    if (it == expected.end() || std::fabs(row.at(1).floating - it->second.first) > 1e-9 ||
        row.at(2).integer != it->second.second) {
      std::printf("unexpected row: %s %s %s\n", row.at(0).ToString().c_str(),
                  row.at(1).ToString().c_str(), row.at(2).ToString().c_str());
      ++failures;
    }
  }
  if (df.height() != 3) ++failures;
  return failures == 0 ? 0 : 1;
}
