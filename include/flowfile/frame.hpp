// Lazy frames: `ff::scan_parquet(path).filter(ff::col("value") > 120, {.description = "..."})`.
//
// Contract:
//  - A FlowFrame is an immutable plan. Every method returns a new frame with one more node
//    (type, description, settings, inputs): the frame's flow graph. Nothing runs until
//    collect(), a write, or a question about the schema (which binds but reads no data).
//  - Columns named in a call are checked when the call is made: an unknown column throws
//    kNotFound naming it, the node's description and the closest existing names.
//  - collect() compiles the whole plan to one DuckDB query; engine errors come back naming the
//    node (type and description) they belong to.
//  - Writes go to a temporary file beside the target, renamed into place on success: a failed
//    write leaves nothing behind.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/dtypes.hpp"
#include "flowfile/expr.hpp"
#include "flowfile/value.hpp"

namespace ff {

namespace frame {
struct PlanNode;
}

class DataFrame;
class GroupBy;

struct NodeOptions {
  std::string description;
};
struct SortOptions {
  std::vector<bool> descending;  //!< one per key, or one for all (default ascending)
  std::vector<bool> nulls_last;  //!< likewise (default: nulls first, as Polars)
  std::string description;
};
struct UniqueOptions {
  std::vector<std::string> subset;  //!< empty: all columns
  std::string keep = "any";         //!< any | first | last | none
  bool maintain_order = false;
  std::string description;
};
struct SampleOptions {
  std::optional<int64_t> n;
  std::optional<double> fraction;
  std::optional<int64_t> seed;
  std::string description;
};
struct GroupByOptions {
  bool maintain_order = false;
  std::string description;
};
struct JoinOptions {
  std::vector<Expr> on;  //!< same-named keys; or left_on + right_on
  std::vector<Expr> left_on, right_on;
  std::string how = "inner";  //!< inner | left | right | full | outer | semi | anti | cross
  std::string suffix = "_right";
  std::optional<bool> coalesce;  //!< default: keys coalesced except for full joins
  std::string description;
};
struct PivotOptions {
  std::string on;
  std::vector<std::string> index;
  std::vector<std::string> values;
  std::string aggregate_function = "first";
  std::string description;
};
struct UnpivotOptions {
  std::vector<std::string> on;  //!< empty: every column not in index
  std::vector<std::string> index;
  std::string variable_name = "variable";
  std::string value_name = "value";
  std::string description;
};
struct CsvReadOptions {
  std::string separator = ",";
  bool has_header = true;
  std::map<std::string, DataType> schema_overrides;
  std::vector<std::string> null_values;
  int64_t skip_rows = 0;
  std::optional<int64_t> n_rows;
  std::string encoding = "utf8";
  std::optional<std::string> quote_char = "\"";
  std::optional<int64_t> infer_schema_length = 100;  //!< nullopt: read every row to infer
  bool ignore_errors = false;
  std::string description;
};
struct ParquetReadOptions {
  std::optional<int64_t> n_rows;
  bool hive_partitioning = false;
  std::string description;
};
struct JsonReadOptions {
  std::optional<int64_t> n_rows;
  std::string description;
};
struct CsvWriteOptions {
  std::string separator = ",";
  bool include_header = true;
  std::string description;
};
struct ParquetWriteOptions {
  std::string compression = "zstd";  //!< zstd | snappy | gzip | lz4 | uncompressed
  std::optional<int> compression_level;
  std::string description;
};

//! One node of a frame's flow graph, as `frame.flow_graph.nodes` shows it.
struct GraphNode {
  int64_t id = 0;  //!< 1..n in dependency order
  std::string type;
  std::string description;
  std::string settings_json;  //!< the node's settings (expressions as trees, names only)
  std::vector<int64_t> input_ids;
  int x = 0, y = 0;  //!< canvas position: x by depth, y by branch
};

class FlowFrame {
 public:
  explicit FlowFrame(std::shared_ptr<const frame::PlanNode> plan);

  FlowFrame filter(const Expr& predicate, NodeOptions options = {}) const;
  FlowFrame select(std::vector<Expr> exprs, NodeOptions options = {}) const;
  FlowFrame with_columns(std::vector<Expr> exprs, NodeOptions options = {}) const;
  FlowFrame drop(std::vector<std::string> columns, NodeOptions options = {}) const;
  FlowFrame rename(std::map<std::string, std::string> mapping, NodeOptions options = {}) const;
  FlowFrame cast(std::map<std::string, DataType> types, bool strict = true,
                 NodeOptions options = {}) const;
  FlowFrame sort(std::vector<Expr> by, SortOptions options = {}) const;
  FlowFrame unique(UniqueOptions options = {}) const;
  FlowFrame head(int64_t n = 5, NodeOptions options = {}) const;
  FlowFrame limit(int64_t n = 5, NodeOptions options = {}) const { return head(n, options); }
  FlowFrame tail(int64_t n = 5, NodeOptions options = {}) const;
  FlowFrame slice(int64_t offset, std::optional<int64_t> length = std::nullopt,
                  NodeOptions options = {}) const;
  FlowFrame sample(SampleOptions options) const;
  GroupBy group_by(std::vector<Expr> keys, GroupByOptions options = {}) const;
  FlowFrame join(const FlowFrame& other, JoinOptions options) const;
  FlowFrame pivot(PivotOptions options) const;
  FlowFrame unpivot(UnpivotOptions options = {}) const;
  FlowFrame with_row_index(std::string name = "index", int64_t offset = 0,
                           NodeOptions options = {}) const;
  FlowFrame explode(std::vector<std::string> columns, NodeOptions options = {}) const;
  FlowFrame text_to_rows(std::string column, std::string delimiter = ",",
                         std::optional<std::string> output_column = std::nullopt,
                         NodeOptions options = {}) const;
  FlowFrame fill_null(const Expr& value, NodeOptions options = {}) const;
  FlowFrame drop_nulls(std::vector<std::string> subset = {}, NodeOptions options = {}) const;
  //! SQL over this frame, which the query names `self`.
  FlowFrame sql(std::string query, NodeOptions options = {}) const;
  //! Runs the plan now and continues from the stored result.
  FlowFrame cache(NodeOptions options = {}) const;

  //! Resolved without reading data.
  Schema schema() const;
  std::vector<std::string> columns() const;
  //! The one SQL query the plan compiles to.
  std::string compiled_sql() const;
  //! The compiled SQL and DuckDB's physical plan.
  std::string explain() const;
  DataFrame collect() const;

  //! Run the plan into a file (temporary file + rename). Returns the frame with an output node.
  FlowFrame write_csv(const std::string& path, CsvWriteOptions options = {}) const;
  FlowFrame write_parquet(const std::string& path, ParquetWriteOptions options = {}) const;
  FlowFrame write_ndjson(const std::string& path, NodeOptions options = {}) const;

  std::vector<GraphNode> graph_nodes() const;
  //! Flowfile's flow-file format, YAML (.yaml/.yml) or JSON (.json).
  void save_graph(const std::string& path) const;

  const std::shared_ptr<const frame::PlanNode>& plan() const { return plan_; }

 private:
  std::shared_ptr<const frame::PlanNode> plan_;
};

class GroupBy {
 public:
  GroupBy(FlowFrame frame, std::vector<Expr> keys, GroupByOptions options)
      : frame_(std::move(frame)), keys_(std::move(keys)), options_(std::move(options)) {}
  FlowFrame agg(std::vector<Expr> aggregations, NodeOptions options = {}) const;
  FlowFrame sum() const { return Every("sum"); }
  FlowFrame mean() const { return Every("mean"); }
  FlowFrame median() const { return Every("median"); }
  FlowFrame min() const { return Every("min"); }
  FlowFrame max() const { return Every("max"); }
  FlowFrame first() const { return Every("first"); }
  FlowFrame last() const { return Every("last"); }
  FlowFrame n_unique() const { return Every("n_unique"); }
  FlowFrame count() const { return Every("count"); }
  FlowFrame len(std::string name = "len") const;

 private:
  FlowFrame Every(const std::string& function) const;
  FlowFrame frame_;
  std::vector<Expr> keys_;
  GroupByOptions options_;
};

//! A column's data as a raw array: what numpy's array takes without a per-value loop.
struct ColumnBuffer {
  DataType dtype;
  std::vector<uint8_t> data;      //!< height * element size bytes, native layout
  std::vector<uint8_t> validity;  //!< one byte per row (1 = valid); empty when no nulls
  size_t element_size = 0;
};

class DataFrame {
 public:
  //! Wraps an engine table (owned: dropped with the last copy).
  DataFrame(std::shared_ptr<const void> table, std::string table_name, Schema schema,
            int64_t height);

  int64_t height() const { return height_; }
  int64_t width() const { return static_cast<int64_t>(schema_.size()); }
  const Schema& schema() const { return schema_; }
  std::vector<std::string> columns() const;
  std::vector<Value> column(const std::string& name) const;
  std::vector<std::vector<Value>> rows() const;
  std::vector<Value> row(int64_t index) const;
  //! Fixed-width columns (numbers, booleans, dates, datetimes) as one buffer; others throw
  //! kInvalidArgument naming the column's type.
  ColumnBuffer column_buffer(const std::string& name) const;
  FlowFrame lazy(NodeOptions options = {}) const;
  //! Same columns, types and rows in the same order (NaN equals NaN; nulls equal).
  bool equals(const DataFrame& other) const;
  //! Polars' layout: shape line, box table with names and dtypes, middle rows elided.
  std::string ToString(int64_t max_rows = 10) const;

  void write_csv(const std::string& path, CsvWriteOptions options = {}) const;
  void write_parquet(const std::string& path, ParquetWriteOptions options = {}) const;
  void write_ndjson(const std::string& path) const;

  const std::string& table_name() const { return table_name_; }

 private:
  std::shared_ptr<const void> table_;
  std::string table_name_;
  Schema schema_;
  int64_t height_;
};

//! Columns given as values (C++'s ff.from_dict): every column the same length. Types are
//! inferred as Polars does (integers -> Int64, any float -> Float64, text -> String, ...), or
//! given in `types`.
FlowFrame from_columns(const std::vector<std::pair<std::string, std::vector<Value>>>& columns,
                       const std::map<std::string, DataType>& types = {}, NodeOptions options = {});
FlowFrame scan_csv(const std::vector<std::string>& paths, CsvReadOptions options = {});
FlowFrame scan_parquet(const std::vector<std::string>& paths, ParquetReadOptions options = {});
FlowFrame scan_json(const std::vector<std::string>& paths, JsonReadOptions options = {});
FlowFrame scan_ndjson(const std::vector<std::string>& paths, JsonReadOptions options = {});
FlowFrame concat(const std::vector<FlowFrame>& frames, std::string how = "vertical",
                 NodeOptions options = {});
//! Loads a flow file saved by save_graph (or written by Flowfile for the node types we know).
FlowFrame open_flow(const std::string& path);

struct EngineConfig {
  int threads = 0;             //!< 0: the number of cores
  std::string memory_limit;    //!< "4GB", "75%"; empty: DuckDB's default (80% of RAM)
  std::string temp_directory;  //!< where work larger than memory spills
};
void configure(const EngineConfig& config);
EngineConfig current_config();

}  // namespace ff
