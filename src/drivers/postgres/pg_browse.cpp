#include "drivers/postgres/pg_browse.hpp"

#include "drivers/postgres/pg_types.hpp"
#include "flowfile/errors.hpp"

namespace ff::drivers::postgres {
namespace {

constexpr const char* kUserSchemas =
    "nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_toast%' "
    "AND nspname NOT LIKE 'pg\\_temp\\_%'";

// The schema name to look in: the given one, or the session's current schema.
std::string ResolveSchema(PgConnection& conn, const std::string& schema) {
  if (!schema.empty()) return schema;
  PgResult result = conn.Exec("SELECT current_schema()");
  return result.rows() == 1 ? result.text(0, 0) : std::string("public");
}

std::vector<std::string> Column0(const PgResult& result) {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(result.rows()));
  for (int r = 0; r < result.rows(); ++r) out.push_back(result.text(r, 0));
  return out;
}

}  // namespace

std::vector<std::string> ListSchemas(PgConnection& conn) {
  return Column0(conn.Exec(std::string("SELECT nspname FROM pg_namespace WHERE ") + kUserSchemas +
                           " ORDER BY nspname"));
}

std::vector<std::string> ListTables(PgConnection& conn, const std::string& schema) {
  return Column0(conn.Exec(
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'f', 'p') ORDER BY c.relname",
      {ResolveSchema(conn, schema)}));
}

std::vector<PgColumnInfo> ListColumns(PgConnection& conn, const std::string& schema,
                                      const std::string& table) {
  const std::string resolved = ResolveSchema(conn, schema);
  PgResult result = conn.Exec(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.atttypid, a.atttypmod, "
      "NOT a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 "
      "AND c.relkind IN ('r', 'v', 'm', 'f', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
      "ORDER BY a.attnum",
      {resolved, table});
  if (result.rows() == 0) ThrowUnknownTable(conn, resolved, table);
  std::vector<PgColumnInfo> columns;
  for (int r = 0; r < result.rows(); ++r) {
    PgColumnInfo info;
    info.name = result.text(r, 0);
    info.pg_type = result.text(r, 1);
    const PgColumnType type = ReadTypeFor(static_cast<PgOid>(std::stoul(result.text(r, 2))),
                                          std::stoi(result.text(r, 3)));
    info.duckdb_type = DuckSqlFor(type);
    info.nullable = result.text(r, 4) == "t";
    columns.push_back(std::move(info));
  }
  return columns;
}

std::string ServerVersion(PgConnection& conn) {
  PgResult result = conn.Exec("SELECT version()");
  return result.rows() == 1 ? result.text(0, 0) : std::string();
}

void ThrowUnknownTable(PgConnection& conn, const std::string& schema, const std::string& table) {
  const std::string resolved = ResolveSchema(conn, schema);
  try {
    const std::vector<std::string> schemas = ListSchemas(conn);
    bool schema_exists = false;
    for (const std::string& name : schemas) schema_exists = schema_exists || name == resolved;
    if (!schema_exists) ThrowUnknownName("schema", resolved, schemas);
    ThrowUnknownName("table", resolved + "." + table, [&] {
      std::vector<std::string> qualified;
      for (const std::string& name : ListTables(conn, resolved))
        qualified.push_back(resolved + "." + name);
      return qualified;
    }());
  } catch (const Error& e) {
    throw Error(e.code(), conn.label() + ": " + e.what());
  }
}

}  // namespace ff::drivers::postgres
