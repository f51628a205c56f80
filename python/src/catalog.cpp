// The catalog: ff::Catalog and the frame-level read/write, as plain dicts and lists.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "flowfile/catalog_frames.hpp"
#include "flowfile/errors.hpp"

namespace py = pybind11;

namespace flowfile_py {

namespace {

using Release = py::call_guard<py::gil_scoped_release>;

// JSON text as Python values (None when empty), as the CLI's --json prints it.
py::object FromJson(const std::string& text) {
  if (text.empty()) return py::none();
  return py::module_::import("json").attr("loads")(text);
}

py::dict TableDict(const ff::TableInfo& t) {
  py::dict d;
  d["id"] = t.id;
  d["full_name"] = t.full_name;
  d["catalog"] = t.catalog;
  d["schema"] = t.schema;
  d["name"] = t.name;
  d["location"] = t.location;
  d["format"] = t.format;
  d["owner"] = t.owner;
  d["created_at"] = t.created_at;
  d["updated_at"] = t.updated_at;
  d["row_count"] = t.row_count;
  d["size_bytes"] = t.size_bytes;
  d["partition_columns"] = t.partition_columns;
  d["description"] = t.description;
  d["version"] = t.version;
  d["source_run_id"] = t.source_run_id;
  d["scd2"] = FromJson(t.scd2_config);
  d["columns"] = t.columns;
  return d;
}

py::dict WriteDict(const ff::CatalogWriteResult& r) {
  py::dict d;
  d["full_name"] = r.full_name;
  d["version"] = r.version;
  d["committed"] = r.committed;
  d["rows_inserted"] = r.rows_inserted;
  d["rows_updated"] = r.rows_updated;
  d["rows_deleted"] = r.rows_deleted;
  d["files_added"] = r.files_added;
  d["files_removed"] = r.files_removed;
  return d;
}

}  // namespace

void RegisterCatalog(py::module_& m) {
  py::module_ c = m.def_submodule("catalog");
  c.def(
      "read_table",
      [](std::string name, std::optional<int64_t> version, std::optional<int64_t> timestamp_ms,
         std::string d) {
        return ff::read_catalog_table(
            name, {.version = version, .timestamp_ms = timestamp_ms, .description = d});
      },
      Release());
  c.def("write_table", [](const ff::FlowFrame& f, std::string name, std::string mode,
                          std::vector<std::string> keys, std::vector<std::string> partition_by,
                          std::string schema_mode, std::string d, py::dict scd2) {
    ff::WriteCatalogOptions o;
    o.write_mode = mode;
    o.merge_keys = keys;
    o.partition_by = partition_by;
    o.schema_mode = schema_mode;
    o.description = d;
    if (scd2.contains("compare_columns"))
      o.scd2.compare_columns = scd2["compare_columns"].cast<std::vector<std::string>>();
    if (scd2.contains("full_snapshot")) o.scd2.full_snapshot = scd2["full_snapshot"].cast<bool>();
    if (scd2.contains("surrogate_key_column"))
      o.scd2.surrogate_key_column = scd2["surrogate_key_column"].cast<std::string>();
    if (scd2.contains("valid_from_column"))
      o.scd2.valid_from_column = scd2["valid_from_column"].cast<std::string>();
    if (scd2.contains("valid_to_column"))
      o.scd2.valid_to_column = scd2["valid_to_column"].cast<std::string>();
    if (scd2.contains("is_current_column"))
      o.scd2.is_current_column = scd2["is_current_column"].cast<std::string>();
    if (scd2.contains("partition_on_current"))
      o.scd2.partition_on_current = scd2["partition_on_current"].cast<bool>();
    ff::CatalogWriteResult result;
    ff::FlowFrame out = [&] {
      py::gil_scoped_release release;
      return ff::write_catalog_table(f, name, o, &result);
    }();
    return py::make_tuple(out, WriteDict(result));
  });
  c.def("list_catalogs", []() {
    py::list out;
    for (const auto& info : ff::default_catalog().ListCatalogs()) {
      py::dict d;
      d["name"] = info.name;
      d["description"] = info.description;
      d["storage_root"] = info.storage_root;
      d["storage_connection"] = info.storage_connection;
      out.append(d);
    }
    return out;
  });
  c.def("create_catalog", [](std::string name, std::optional<std::string> root, std::string d,
                             std::string connection) {
    return ff::default_catalog().CreateCatalog(name, root, d, connection).name;
  });
  c.def("list_schemas", [](std::string catalog) {
    std::vector<std::string> out;
    for (const auto& s : ff::default_catalog().ListSchemas(catalog)) out.push_back(s.name);
    return out;
  });
  c.def("create_schema",
        [](std::string name, std::string d) { ff::default_catalog().CreateSchema(name, d); });
  c.def("drop_table", [](std::string name) { ff::default_catalog().DropTable(name); });
  c.def("drop_schema",
        [](std::string name, bool cascade) { ff::default_catalog().DropSchema(name, cascade); });
  c.def("list_tables", [](std::string schema) {
    py::list out;
    for (const auto& t : ff::default_catalog().ListTables(schema)) out.append(TableDict(t));
    return out;
  });
  c.def("get_table",
        [](std::string name) { return TableDict(ff::default_catalog().GetTable(name)); });
  c.def("table_exists", [](std::string name) { return ff::default_catalog().TableExists(name); });
  c.def("history", [](std::string name) {
    py::list out;
    for (const auto& h : ff::default_catalog().History(name)) {
      py::dict d;
      d["version"] = h.version;
      d["timestamp_ms"] = h.timestamp_ms;
      d["operation"] = h.operation;
      d["parameters"] = h.parameters_json.empty() ? py::dict() : FromJson(h.parameters_json);
      d["run_id"] = h.run_id;
      d["rows_inserted"] = h.rows_inserted;
      d["rows_updated"] = h.rows_updated;
      d["rows_deleted"] = h.rows_deleted;
      d["files_added"] = h.files_added;
      d["files_removed"] = h.files_removed;
      out.append(d);
    }
    return out;
  });
  c.def("restore", [](std::string name, int64_t version) {
    return WriteDict(ff::default_catalog().Restore(name, version));
  });
  c.def("vacuum", [](std::string name, double hours, bool dry_run, bool force) {
    const auto r = ff::default_catalog().Vacuum(name, hours, dry_run, force);
    py::dict d;
    d["files"] = r.files;
    d["bytes"] = r.bytes;
    d["dry_run"] = r.dry_run;
    return d;
  });
  c.def("optimize", [](std::string name) {
    const auto r = ff::default_catalog().Optimize(name);
    py::dict d;
    d["version"] = r.version;
    d["committed"] = r.committed;
    d["files_removed"] = r.files_removed;
    d["files_added"] = r.files_added;
    return d;
  });
  c.def("lineage", [](std::string name) {
    const auto l = ff::default_catalog().Lineage(name);
    py::dict d;
    d["full_name"] = l.full_name;
    py::list writes, reads;
    for (const auto& w : l.writes) {
      py::dict x;
      x["version"] = w.version;
      x["run_id"] = w.run_id;
      x["operation"] = w.operation;
      x["flow_path"] = w.flow_path;  // the producing flow file, "" when none
      py::dict upstream;             // table -> version, as the CLI's --json
      for (const auto& [table, version] : w.read_versions) upstream[py::str(table)] = version;
      x["read_versions"] = upstream;
      writes.append(x);
    }
    for (const auto& r : l.reads) {
      py::dict x;
      x["table_version"] = r.table_version;
      x["run_id"] = r.run_id;
      x["timestamp"] = r.time;
      x["time"] = r.time;  // the earlier name of "timestamp"
      reads.append(x);
    }
    d["writes"] = writes;
    d["reads"] = reads;
    d["downstream_tables"] = l.downstream_tables;
    return d;
  });
}

}  // namespace flowfile_py
