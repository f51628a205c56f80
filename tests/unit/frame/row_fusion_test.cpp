// Fused runs of filter / with_columns / select give exactly what the steps give one at a time.
// The oracle runs each step alone over the previous step's stored result (collect().lazy()),
// so every node compiles to its own SELECT there.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "flowfile/frame.hpp"

namespace ff {
namespace {

Value Int(int64_t v) {
  Value out;
  out.kind = Value::Kind::kInt;
  out.integer = v;
  return out;
}

Value Text(std::string v) {
  Value out;
  out.kind = Value::Kind::kString;
  out.text = std::move(v);
  return out;
}

FlowFrame Base() {
  std::vector<Value> a, b, s;
  for (int i = 0; i < 40; ++i) {
    a.push_back(Int(i % 7 - 3));
    b.push_back(i % 5 == 0 ? Value{} : Int(i * 3 % 11));
    s.push_back(Text(std::string(1, static_cast<char>('p' + i % 4))));
  }
  return from_columns({{"a", a}, {"b", b}, {"s", s}});
}

using Step = std::function<FlowFrame(const FlowFrame&)>;

// A random chain over the integer columns in `numeric` (kept in step with the frame), which
// overwrites and adds columns, filters on them, projects, drops, renames, casts, and now and
// then uses a window or an aggregate (never fused).
class ChainMaker {
 public:
  explicit ChainMaker(unsigned seed) : random_(seed) {}

  std::vector<Step> Make(int length) {
    std::vector<Step> steps;
    for (int i = 0; i < length; ++i) steps.push_back(Next(i));
    return steps;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }
  std::string AnyColumn() { return numeric_[Pick(static_cast<int>(numeric_.size()))]; }
  std::string Target(int i) {
    if (Pick(2) == 0) return AnyColumn();  // overwrite
    const std::string name = "c" + std::to_string(i);
    numeric_.push_back(name);
    return name;
  }

  Step Next(int i) {
    const std::string x = AnyColumn(), y = AnyColumn();
    const int k = Pick(7) - 3;
    switch (Pick(10)) {
      case 0:
      case 1: {
        const std::string t = Target(i);
        return [=](const FlowFrame& f) { return f.with_columns({(col(x) + col(y) * k).alias(t)}); };
      }
      case 2: {
        const std::string t1 = Target(i), t2 = Target(i + 1000);
        if (t1 == t2) return [](const FlowFrame& f) { return f; };
        return [=](const FlowFrame& f) {
          return f.with_columns({(col(x) - k).alias(t1), col(y).fill_null(Expr(k)).alias(t2)});
        };
      }
      case 3:
      case 4: return [=](const FlowFrame& f) { return f.filter((col(x) > k) | col(y).is_null()); };
      case 5: {
        const std::string t = Target(i);
        if (Pick(2)) {
          return [=](const FlowFrame& f) { return f.with_columns({col(x).cum_sum().alias(t)}); };
        }
        return
            [=](const FlowFrame& f) { return f.with_columns({(col(x) - col(y).sum()).alias(t)}); };
      }
      case 6: return [=](const FlowFrame& f) { return f.filter(col(x) >= col(x).mean()); };
      case 7: {
        // Keep every column, in a new order, one of them computed.
        std::vector<Expr> exprs;
        std::vector<std::string> order = numeric_;
        std::shuffle(order.begin(), order.end(), random_);
        for (const std::string& c : order) exprs.push_back(col(c));
        exprs.push_back(col("s"));
        exprs[0] = (col(order[0]) * 2).alias(order[0]);
        return [=](const FlowFrame& f) { return f.select(exprs); };
      }
      case 8: {
        if (numeric_.size() < 3) return [](const FlowFrame& f) { return f; };
        numeric_.erase(std::find(numeric_.begin(), numeric_.end(), x));
        return [=](const FlowFrame& f) { return f.drop({x}); };
      }
      default: {
        const std::string renamed = "r" + std::to_string(i);
        std::replace(numeric_.begin(), numeric_.end(), x, renamed);
        if (Pick(2)) {
          return [=](const FlowFrame& f) {
            return f.rename({{x, renamed}}).cast({{renamed, DataType::Named("Int64")}});
          };
        }
        return [=](const FlowFrame& f) { return f.rename({{x, renamed}}); };
      }
    }
  }

  std::mt19937 random_;
  std::vector<std::string> numeric_{"a", "b"};
};

TEST(RowFusion, RandomChainsGiveWhatTheStepsGiveOneAtATime) {
  for (unsigned seed = 1; seed <= 60; ++seed) {
    const std::vector<Step> steps = ChainMaker(seed).Make(12);
    FlowFrame fused = Base();
    DataFrame stepwise = Base().collect();
    for (const Step& step : steps) {
      fused = step(fused);
      stepwise = step(stepwise.lazy()).collect();
    }
    const DataFrame result = fused.collect();
    EXPECT_TRUE(result.equals(stepwise)) << "seed " << seed << "\nfused:\n"
                                         << result.ToString(50) << "\nstep by step:\n"
                                         << stepwise.ToString(50) << "\nSQL:\n"
                                         << fused.compiled_sql();
    EXPECT_EQ(fused.schema().size(), result.schema().size()) << "seed " << seed;
  }
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RowFusion, IndependentStepsShareOneSelect) {
  FlowFrame f = Base();
  for (int i = 0; i < 20; ++i) {
    f = f.filter(col("a") > -3)
            .with_columns({(col("a") * i).alias("v" + std::to_string(i))})
            .with_columns({(col("b") + i).alias("b")});  // overwrites, reading only the input's b
  }
  // b is recomputed from the b the run computes from the second round on: one layer per round.
  const std::string sql = f.compiled_sql();
  EXPECT_EQ(Count(sql, "SELECT"), 21u) << sql;
  FlowFrame independent = Base();
  for (int i = 0; i < 50; ++i) {
    independent = independent.filter(col("a") != i)
                      .with_columns({(col("a") * i).alias("v" + std::to_string(i))});
  }
  EXPECT_EQ(Count(independent.compiled_sql(), "SELECT"), 3u) << independent.compiled_sql();
  EXPECT_EQ(independent.collect().height(), 35);
}

TEST(RowFusion, LayersWhereAStepReadsWhatTheRunComputed) {
  const FlowFrame f = Base()
                          .with_columns({(col("a") + 1).alias("a")})
                          .filter(col("a") > 0)  // the new a: a layer over the first
                          .with_columns({(col("b") * 2).alias("c")})
                          .select({col("c"), col("a")});
  const std::string sql = f.compiled_sql();
  EXPECT_NE(sql.find("WHERE (\"a\" > 0)"), std::string::npos) << sql;
  EXPECT_TRUE(f.collect().equals(Base()
                                     .with_columns({(col("a") + 1).alias("a")})
                                     .collect()
                                     .lazy()
                                     .filter(col("a") > 0)
                                     .collect()
                                     .lazy()
                                     .with_columns({(col("b") * 2).alias("c")})
                                     .select({col("c"), col("a")})
                                     .collect()));
}

TEST(RowFusion, SharedNodesAndNonRowWiseNodesKeepTheirOwnSelect) {
  const FlowFrame shared = Base().with_columns({(col("a") * 10).alias("t")});
  const FlowFrame left = shared.filter(col("t") > 0);
  const FlowFrame right = shared.filter(col("t") <= 0);
  const DataFrame both = concat({left, right}).collect();
  EXPECT_EQ(both.height(), 40);
  // A select of scalars alone is one row (Polars), never a per-row projection.
  const DataFrame one = Base().filter(col("a") > 0).select({Expr(1).alias("x")}).collect();
  EXPECT_EQ(one.height(), 1);
  const DataFrame total = Base().filter(col("a") > 0).select({col("a").sum()}).collect();
  EXPECT_EQ(total.height(), 1);
}

}  // namespace
}  // namespace ff
