// Frames and results: ff::FlowFrame, GroupBy and DataFrame exposed as _core.Frame and
// _core.DataFrame. Argument normalisation (str -> col, *args, description=) lives in
// flowfile/frame.py; this file only converts types and releases the GIL while DuckDB works.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/database.hpp"
#include "flowfile/delta_frames.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"
#include "values.hpp"

namespace py = pybind11;

namespace flowfile_py {

namespace {

using ff::FlowFrame;
using ff::NodeOptions;
using Release = py::call_guard<py::gil_scoped_release>;

py::list SchemaList(const ff::Schema& schema) {
  py::list out;
  for (const ff::Field& f : schema) {
    out.append(py::make_tuple(f.name,
                              f.dtype.duckdb_type.empty() ? f.dtype.ToSql() : f.dtype.duckdb_type,
                              f.dtype.ToString()));
  }
  return out;
}

py::tuple RowTuple(const std::vector<ff::Value>& row) {
  py::tuple out(row.size());
  for (size_t i = 0; i < row.size(); ++i) out[i] = FromValue(row[i]);
  return out;
}

const char* NumpyFormat(const ff::DataType& t) {
  const std::string& n = t.name;
  if (n == "Int8") return "i1";
  if (n == "Int16") return "i2";
  if (n == "Int32") return "i4";
  if (n == "Int64") return "i8";
  if (n == "UInt8") return "u1";
  if (n == "UInt16") return "u2";
  if (n == "UInt32") return "u4";
  if (n == "UInt64") return "u8";
  if (n == "Float32") return "f4";
  if (n == "Float64") return "f8";
  if (n == "Boolean") return "?";
  if (n == "Date") return "i4";
  if (n == "Datetime" || n == "Time") return "i8";
  return nullptr;
}

std::vector<ff::Expr> Exprs(const py::iterable& items) {
  std::vector<ff::Expr> out;
  for (py::handle item : items) out.push_back(ColumnOrExpr(item));
  return out;
}

}  // namespace

void RegisterFrames(py::module_& m) {
  py::class_<FlowFrame> frame(m, "Frame");
  frame
      .def("filter",
           [](const FlowFrame& f, py::handle e, std::string d) { return f.filter(ToExpr(e), {d}); })
      .def("select", [](const FlowFrame& f, py::iterable e,
                        std::string d) { return f.select(Exprs(e), {d}); })
      .def("with_columns", [](const FlowFrame& f, py::iterable e,
                              std::string d) { return f.with_columns(Exprs(e), {d}); })
      .def("drop", [](const FlowFrame& f, std::vector<std::string> c,
                      std::string d) { return f.drop(c, {d}); })
      .def("rename", [](const FlowFrame& f, std::map<std::string, std::string> m_,
                        std::string d) { return f.rename(m_, {d}); })
      .def("cast",
           [](const FlowFrame& f, py::dict types, bool strict, std::string d) {
             std::map<std::string, ff::DataType> t;
             for (auto item : types)
               t[py::str(item.first).cast<std::string>()] = ToDataType(item.second);
             return f.cast(t, strict, {d});
           })
      .def("sort",
           [](const FlowFrame& f, py::iterable by, std::vector<bool> descending,
              std::vector<bool> nulls_last, std::string d) {
             return f.sort(Exprs(by), {descending, nulls_last, d});
           })
      .def("unique",
           [](const FlowFrame& f, std::vector<std::string> subset, std::string keep,
              bool maintain_order, std::string d) {
             return f.unique({subset, keep, maintain_order, d});
           })
      .def("head", [](const FlowFrame& f, int64_t n, std::string d) { return f.head(n, {d}); })
      .def("tail", [](const FlowFrame& f, int64_t n, std::string d) { return f.tail(n, {d}); })
      .def("slice", [](const FlowFrame& f, int64_t offset, std::optional<int64_t> length,
                       std::string d) { return f.slice(offset, length, {d}); })
      .def("sample",
           [](const FlowFrame& f, std::optional<int64_t> n, std::optional<double> fraction,
              std::optional<int64_t> seed, std::string d) {
             return f.sample({n, fraction, seed, d});
           })
      .def("group_by_agg",
           [](const FlowFrame& f, py::iterable keys, py::iterable aggs, bool maintain_order,
              std::string d) {
             return f.group_by(Exprs(keys), {maintain_order, d}).agg(Exprs(aggs));
           })
      .def("group_by_all",
           [](const FlowFrame& f, py::iterable keys, bool maintain_order, std::string function,
              std::string d) {
             ff::GroupBy g = f.group_by(Exprs(keys), {maintain_order, d});
             if (function == "sum") return g.sum();
             if (function == "mean") return g.mean();
             if (function == "median") return g.median();
             if (function == "min") return g.min();
             if (function == "max") return g.max();
             if (function == "first") return g.first();
             if (function == "last") return g.last();
             if (function == "n_unique") return g.n_unique();
             if (function == "count") return g.count();
             return g.len();
           })
      .def("join",
           [](const FlowFrame& f, const FlowFrame& other, py::iterable left_on,
              py::iterable right_on, std::string how, std::string suffix,
              std::optional<bool> coalesce, std::string d) {
             ff::JoinOptions o;
             o.left_on = Exprs(left_on);
             o.right_on = Exprs(right_on);
             o.how = how;
             o.suffix = suffix;
             o.coalesce = coalesce;
             o.description = d;
             return f.join(other, o);
           })
      .def("pivot",
           [](const FlowFrame& f, std::string on, std::vector<std::string> index,
              std::vector<std::string> values, std::string aggregate_function, std::string d) {
             return f.pivot({on, index, values, aggregate_function, d});
           })
      .def("unpivot",
           [](const FlowFrame& f, std::vector<std::string> on, std::vector<std::string> index,
              std::string variable_name, std::string value_name, std::string d) {
             return f.unpivot({on, index, variable_name, value_name, d});
           })
      .def("with_row_index", [](const FlowFrame& f, std::string name, int64_t offset,
                                std::string d) { return f.with_row_index(name, offset, {d}); })
      .def("explode", [](const FlowFrame& f, std::vector<std::string> c,
                         std::string d) { return f.explode(c, {d}); })
      .def("text_to_rows",
           [](const FlowFrame& f, std::string column, std::string delimiter,
              std::optional<std::string> output,
              std::string d) { return f.text_to_rows(column, delimiter, output, {d}); })
      .def("fill_null", [](const FlowFrame& f, py::handle v,
                           std::string d) { return f.fill_null(ToExpr(v), {d}); })
      .def("drop_nulls", [](const FlowFrame& f, std::vector<std::string> subset,
                            std::string d) { return f.drop_nulls(subset, {d}); })
      .def("sql", [](const FlowFrame& f, std::string q, std::string d) { return f.sql(q, {d}); })
      .def(
          "cache", [](const FlowFrame& f, std::string d) { return f.cache({d}); }, Release())
      .def("schema", [](const FlowFrame& f) { return SchemaList(f.schema()); })
      .def("columns", &FlowFrame::columns)
      .def("compiled_sql", &FlowFrame::compiled_sql)
      .def("explain", &FlowFrame::explain, Release())
      .def("collect", &FlowFrame::collect, Release())
      .def(
          "write_csv",
          [](const FlowFrame& f, std::string path, std::string separator, bool include_header,
             std::string d) {
            return f.write_csv(path, {separator, include_header, d});
          },
          Release())
      .def(
          "write_parquet",
          [](const FlowFrame& f, std::string path, std::string compression,
             std::optional<int> level, std::string d) {
            return f.write_parquet(path, {compression, level, d});
          },
          Release())
      .def(
          "write_ndjson",
          [](const FlowFrame& f, std::string path, std::string d) {
            return f.write_ndjson(path, {d});
          },
          Release())
      .def("graph_nodes",
           [](const FlowFrame& f) {
             py::list out;
             for (const ff::GraphNode& n : f.graph_nodes()) {
               py::dict d;
               d["id"] = n.id;
               d["type"] = n.type;
               d["description"] = n.description;
               d["settings"] = n.settings_json;
               d["input_ids"] = n.input_ids;
               d["x"] = n.x;
               d["y"] = n.y;
               out.append(d);
             }
             return out;
           })
      .def("save_graph", &FlowFrame::save_graph);

  py::class_<ff::DataFrame>(m, "DataFrame")
      .def_property_readonly("height", &ff::DataFrame::height)
      .def_property_readonly("width", &ff::DataFrame::width)
      .def("columns", &ff::DataFrame::columns)
      .def("schema", [](const ff::DataFrame& d) { return SchemaList(d.schema()); })
      .def("rows",
           [](const ff::DataFrame& d) {
             std::vector<std::vector<ff::Value>> rows;
             {
               py::gil_scoped_release release;
               rows = d.rows();
             }
             py::list out;
             for (const auto& row : rows) out.append(RowTuple(row));
             return out;
           })
      .def("row", [](const ff::DataFrame& d, int64_t i) { return RowTuple(d.row(i)); })
      .def("column",
           [](const ff::DataFrame& d, const std::string& name) {
             std::vector<ff::Value> values;
             {
               py::gil_scoped_release release;
               values = d.column(name);
             }
             py::list out;
             for (const ff::Value& v : values) out.append(FromValue(v));
             return out;
           })
      .def("column_numpy",
           [](const ff::DataFrame& d, const std::string& name) -> py::object {
             const ff::Field* field = nullptr;
             for (const ff::Field& f : d.schema()) {
               if (f.name == name) field = &f;
             }
             if (!field) return py::none();
             const char* format = NumpyFormat(field->dtype);
             if (!format) return py::none();
             ff::ColumnBuffer buffer;
             {
               py::gil_scoped_release release;
               buffer = d.column_buffer(name);
             }
             py::array values(py::dtype(format), {static_cast<py::ssize_t>(d.height())},
                              buffer.data.data());
             py::object mask = py::none();
             if (!buffer.validity.empty()) {
               mask = py::array(py::dtype("?"), {static_cast<py::ssize_t>(d.height())},
                                buffer.validity.data());
             }
             return py::make_tuple(values, mask, field->dtype.name);
           })
      .def("lazy", [](const ff::DataFrame& d, std::string desc) { return d.lazy({desc}); })
      .def("equals", &ff::DataFrame::equals)
      .def("to_string", &ff::DataFrame::ToString, py::arg("max_rows") = 10)
      .def(
          "write_csv",
          [](const ff::DataFrame& d, std::string path, std::string separator, bool include_header) {
            d.write_csv(path, {separator, include_header, ""});
          },
          Release())
      .def(
          "write_parquet",
          [](const ff::DataFrame& d, std::string path, std::string compression,
             std::optional<int> level) {
            d.write_parquet(path, {compression, level, ""});
          },
          Release())
      .def("write_ndjson", &ff::DataFrame::write_ndjson, Release());

  m.def("from_columns", [](py::iterable columns, py::dict types, std::string description) {
    std::vector<std::pair<std::string, std::vector<ff::Value>>> data;
    for (py::handle pair : columns) {
      auto t = pair.cast<py::tuple>();
      std::vector<ff::Value> values;
      for (py::handle v : t[1]) values.push_back(ToValue(v));
      data.emplace_back(t[0].cast<std::string>(), std::move(values));
    }
    std::map<std::string, ff::DataType> dtypes;
    for (auto item : types)
      dtypes[py::str(item.first).cast<std::string>()] = ToDataType(item.second);
    py::gil_scoped_release release;
    return ff::from_columns(data, dtypes, {description});
  });
  m.def(
      "scan_csv",
      [](std::vector<std::string> paths, std::string separator, bool has_header, py::dict overrides,
         std::vector<std::string> null_values, int64_t skip_rows, std::optional<int64_t> n_rows,
         std::string encoding, std::optional<std::string> quote_char,
         std::optional<int64_t> infer_schema_length, bool ignore_errors, std::string description) {
        ff::CsvReadOptions o;
        o.separator = separator;
        o.has_header = has_header;
        for (auto item : overrides)
          o.schema_overrides[py::str(item.first).cast<std::string>()] = ToDataType(item.second);
        o.null_values = null_values;
        o.skip_rows = skip_rows;
        o.n_rows = n_rows;
        o.encoding = encoding;
        o.quote_char = quote_char;
        o.infer_schema_length = infer_schema_length;
        o.ignore_errors = ignore_errors;
        o.description = description;
        py::gil_scoped_release release;
        return ff::scan_csv(paths, o);
      });
  m.def(
      "scan_parquet",
      [](std::vector<std::string> paths, std::optional<int64_t> n_rows, bool hive,
         std::string description) {
        return ff::scan_parquet(paths, {n_rows, hive, description});
      },
      Release());
  m.def(
      "scan_json",
      [](std::vector<std::string> paths, std::optional<int64_t> n_rows, bool ndjson,
         std::string description) {
        return ndjson ? ff::scan_ndjson(paths, {n_rows, description})
                      : ff::scan_json(paths, {n_rows, description});
      },
      Release());
  m.def("concat", [](std::vector<FlowFrame> frames, std::string how, std::string description) {
    return ff::concat(frames, how, {description});
  });
  m.def("open_flow", &ff::open_flow, Release());
  m.def(
      "read_database",
      [](std::string name, std::string table, std::string schema, std::string query, std::string d,
         std::string partition_on, int64_t partition_num) {
        return ff::read_database(name, {table, schema, query, d, partition_on, partition_num});
      },
      Release());
  m.def(
      "write_database",
      [](const FlowFrame& f, std::string name, std::string table, std::string schema,
         std::string if_exists, std::string d) {
        return ff::write_database(f, name, table, {schema, if_exists, d});
      },
      Release());
  m.def(
      "scan_delta",
      [](std::string path, std::optional<int64_t> version, std::optional<int64_t> timestamp_ms,
         std::string d) {
        return ff::scan_delta(path, {version, timestamp_ms, d});
      },
      Release());
  m.def(
      "write_delta",
      [](const FlowFrame& f, std::string path, std::string mode,
         std::vector<std::string> partition_by, std::string schema_mode, std::string d) {
        return ff::write_delta(f, path, {mode, partition_by, schema_mode, d});
      },
      Release());
  m.def(
      "read_from_cloud_storage",
      [](std::string url, std::string connection, std::string format, std::string delimiter,
         bool has_header, std::string d, std::optional<int64_t> version,
         std::optional<int64_t> timestamp_ms) {
        return ff::read_from_cloud_storage(
            url, {connection, format, delimiter, has_header, d, version, timestamp_ms});
      },
      Release());
  m.def(
      "write_to_cloud_storage",
      [](const FlowFrame& f, std::string url, std::string connection, std::string format,
         std::string compression, std::string delimiter, std::string d, std::string write_mode,
         std::vector<std::string> partition_by) {
        return ff::write_to_cloud_storage(
            f, url, {connection, format, compression, delimiter, d, write_mode, partition_by});
      },
      Release());
  m.def("list_cloud_objects", [](std::string connection, std::string url, bool recursive,
                                 size_t limit, std::string start_after) {
    py::list out;
    for (const auto& o : ff::list_cloud_objects(connection, url, {recursive, limit, start_after})) {
      py::dict d;
      d["url"] = o.url;
      d["size"] = o.size;
      d["last_modified"] = o.last_modified;
      d["is_folder"] = o.is_folder;
      out.append(d);
    }
    return out;
  });
  m.def("which_connection", [](std::string url) {
    std::string why;
    std::string name = ff::which_connection(url, &why);
    return py::make_tuple(name, why);
  });
  m.def("list_database_schemas", &ff::list_database_schemas, Release());
  m.def("list_database_tables", &ff::list_database_tables, Release());
  m.def("list_database_columns", [](std::string name, std::string schema, std::string table) {
    py::list out;
    for (const auto& c : ff::list_database_columns(name, schema, table)) {
      py::dict d;
      d["name"] = c.name;
      d["database_type"] = c.database_type;
      d["dtype"] = c.dtype.ToSql();
      d["nullable"] = c.nullable;
      out.append(d);
    }
    return out;
  });
  m.def("configure", [](int threads, std::string memory_limit, std::string temp_directory) {
    ff::configure({threads, memory_limit, temp_directory});
  });
  m.def("current_config", []() {
    const ff::EngineConfig c = ff::current_config();
    return py::make_tuple(c.threads, c.memory_limit, c.temp_directory);
  });
}

}  // namespace flowfile_py
