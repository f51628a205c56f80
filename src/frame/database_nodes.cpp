// read_database / write_database: connection names resolved through the store, rows moved by
// the drivers (src/drivers), the engine reading them through `ff_scan('<id>')` so that no
// credential ever appears in SQL, plans or flow files.
#include "frame/database_nodes.hpp"

#include <algorithm>
#include <atomic>

#include "drivers/mariadb/mariadb_driver.hpp"
#include "drivers/postgres/postgres.hpp"
#include "drivers/scan_function.hpp"
#include "drivers/sqlite/sqlite_driver.hpp"
#include "engine/engine.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/database.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "frame/compiler.hpp"
#include "frame/database_params.hpp"

namespace ff {

using nlohmann::json;
using namespace frame::database;

namespace {

// Forgets registered sources when the last node that reads them is gone.
struct SourceRegistration {
  std::string id;
  std::vector<std::shared_ptr<SourceRegistration>> more;  // partitioned reads: one per range
  ~SourceRegistration() { drivers::SourceRegistry::Global().Unregister(id); }
};

// Every source id a node's runtime SQL names (`ff_scan('src-3') UNION ALL ...`).
std::vector<std::string> SourceIds(const std::string& runtime_ref) {
  std::vector<std::string> ids;
  for (size_t at = runtime_ref.find("ff_scan('"); at != std::string::npos;
       at = runtime_ref.find("ff_scan('", at + 1)) {
    const size_t from = at + 9;
    ids.push_back(runtime_ref.substr(from, runtime_ref.find('\'', from) - from));
  }
  return ids;
}

// connectorx-style partitioned read: `partition_num` range queries over an integer column,
// each on its own connection, read by the engine side by side (UNION ALL of the scans).
void PartitionedPostgresRead(frame::PlanNode& node, const DatabaseConnectionInfo& info,
                             const std::string& base, const std::string& pushed) {
  const std::string column = node.params.at("partition_on").get<std::string>();
  const int64_t parts = node.params.at("partition_num").get<int64_t>();
  const std::string quoted = sql::Identifier(column, sql::Dialect::kPostgres);
  const std::string filtered =
      "SELECT * FROM (" + base + ") AS ff_source" + (pushed.empty() ? "" : " WHERE " + pushed);
  const auto bounds = drivers::postgres::QueryPostgresText(
      PgParams(info), "SELECT min(" + quoted + ")::bigint::text, max(" + quoted +
                          ")::bigint::text FROM (" + filtered + ") AS ff_bounds");
  int64_t low = 0, high = -1;
  try {
    if (!bounds.empty() && bounds[0][0] && bounds[0][1]) {
      low = std::stoll(*bounds[0][0]);
      high = std::stoll(*bounds[0][1]);
    }
  } catch (const std::exception&) {
    throw Error(ErrorCode::kInvalidArgument,
                "partition_on='" + column + "' must name an integer column");
  }
  const int64_t span = high >= low ? high - low + 1 : 1;
  const int64_t step = std::max<int64_t>(1, (span + parts - 1) / parts);
  auto all = std::make_shared<SourceRegistration>();
  std::string sql;
  for (int64_t i = 0; i < parts; ++i) {
    const int64_t from = low + i * step, to = from + step;
    if (i > 0 && from > high) break;
    std::string where = "(" + quoted + " >= " + std::to_string(from) + " AND " + quoted + " < " +
                        std::to_string(to) + ")";
    if (i == 0) where = "(" + where + " OR " + quoted + " IS NULL)";  // NULL keys read once
    drivers::postgres::PgReadSpec spec;
    spec.query = "SELECT * FROM (" + filtered + ") AS ff_part WHERE " + where;
    auto one = std::make_shared<SourceRegistration>();
    one->id = drivers::SourceRegistry::Global().Register(
        drivers::postgres::OpenPostgresSource(PgParams(info), spec));
    sql += (sql.empty() ? "" : " UNION ALL ") + std::string("SELECT * FROM ff_scan(") +
           engine::Quote(one->id) + ")";
    all->more.push_back(std::move(one));
  }
  node.runtime_ref = sql;
  node.resource = all;
}

// A DuckDB file attached read-only under a private alias, detached with its last reader.
struct AttachedDatabase {
  std::string alias;
  ~AttachedDatabase() {
    try {
      engine::Engine::Get().Acquire()->Execute("DETACH " + engine::Ident(alias));
    } catch (...) {
    }
  }
};

}  // namespace

namespace frame {

std::shared_ptr<PlanNode> NewDatabaseReaderNode(const nlohmann::json& params,
                                                const std::string& description) {
  const std::string name = params.at("connection_name").get<std::string>();
  const DatabaseConnectionInfo info = Lookup(name);
  auto node = NewNode("database_reader", description, params, {});
  node->params["database_type"] = info.database_type;
  const std::string query = params.value("query", "");
  const std::string table = params.value("table_name", "");
  const std::string schema = params.value("schema_name", "");
  if (query.empty() && table.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "read_database('" + name + "'): give table_name= or query=");
  }
  std::string pushed;  // filters pushed into the source's own query (source_pushdown.hpp)
  for (const auto& f : params.value("pushed_filters", json::array())) {
    pushed += (pushed.empty() ? "" : " AND ") + f.get<std::string>();
  }
  const std::string base =
      !query.empty()
          ? query
          : "SELECT * FROM " +
                sql::Qualified(schema, table,
                               SourceDialect(info.database_type).value_or(sql::Dialect::kDuckDb));
  if (IsPostgres(info) && params.value("partition_num", int64_t{1}) > 1) {
    PartitionedPostgresRead(*node, info, base, pushed);
    drivers::RegisterScanFunction(engine::Engine::Get().Acquire()->raw());
  } else if (IsPostgres(info)) {
    drivers::postgres::PgReadSpec spec;
    if (!pushed.empty()) {
      spec.query = "SELECT * FROM (" + base + ") AS ff_source WHERE " + pushed;
    } else if (!query.empty()) {
      spec.query = query;
    } else {
      spec.schema = schema, spec.table = table;
    }
    auto source = drivers::postgres::OpenPostgresSource(PgParams(info), spec);
    auto registration = std::make_shared<SourceRegistration>();
    registration->id = drivers::SourceRegistry::Global().Register(std::move(source));
    node->runtime_ref = "SELECT * FROM ff_scan(" + engine::Quote(registration->id) + ")";
    node->resource = registration;
    drivers::RegisterScanFunction(engine::Engine::Get().Acquire()->raw());
  } else if (IsMySql(info)) {
    drivers::mariadb::MariaDbReadSpec spec{table, query};
    if (!pushed.empty()) spec = {"", "SELECT * FROM (" + base + ") AS ff_source WHERE " + pushed};
    auto source = drivers::mariadb::OpenMariaDbSource(MyParams(info), spec);
    auto registration = std::make_shared<SourceRegistration>();
    registration->id = drivers::SourceRegistry::Global().Register(std::move(source));
    node->runtime_ref = "SELECT * FROM ff_scan(" + engine::Quote(registration->id) + ")";
    node->resource = registration;
    drivers::RegisterScanFunction(engine::Engine::Get().Acquire()->raw());
  } else if (info.database_type == "sqlite") {
    drivers::sqlite::SqliteReadSpec spec{table, query};
    if (!pushed.empty()) spec = {"", "SELECT * FROM (" + base + ") AS ff_source WHERE " + pushed};
    auto source = drivers::sqlite::OpenSqliteSource(info.database, name, spec);
    auto registration = std::make_shared<SourceRegistration>();
    registration->id = drivers::SourceRegistry::Global().Register(std::move(source));
    node->runtime_ref = "SELECT * FROM ff_scan(" + engine::Quote(registration->id) + ")";
    node->resource = registration;
    drivers::RegisterScanFunction(engine::Engine::Get().Acquire()->raw());
  } else if (info.database_type == "duckdb") {
    if (!query.empty()) {
      throw Error(ErrorCode::kUnsupported,
                  "read_database('" + name +
                      "'): query= on a duckdb connection is not supported yet; give "
                      "table_name= (and schema_name=)");
    }
    static std::atomic<uint64_t> counter{0};
    auto attached = std::make_shared<AttachedDatabase>();
    attached->alias = "ff_db" + std::to_string(counter++);
    engine::Engine::Get().Acquire()->Execute("ATTACH " + engine::Quote(info.database) + " AS " +
                                             engine::Ident(attached->alias) + " (READ_ONLY)");
    node->runtime_ref = "SELECT * FROM " + engine::Ident(attached->alias) + "." +
                        engine::Ident(schema.empty() ? "main" : schema) + "." +
                        engine::Ident(table);
    node->resource = attached;
  } else {
    Unsupported(info, "read_database:");
  }
  return node;
}

std::optional<sql::Dialect> SourceDialect(const std::string& database_type) {
  if (database_type == "postgresql" || database_type == "postgres") return sql::Dialect::kPostgres;
  if (database_type == "mysql" || database_type == "mariadb") return sql::Dialect::kMySql;
  if (database_type == "sqlite") return sql::Dialect::kSqlite;
  return std::nullopt;
}

std::string SourceDescription(const PlanNode& node) {
  std::string out;
  for (const std::string& id : SourceIds(node.runtime_ref)) {
    if (auto source = drivers::SourceRegistry::Global().Find(id)) {
      out += (out.empty() ? "" : "\n--   and ") + source->Describe();
    }
  }
  return out;
}

bool ThrowSourceFailure(const NodePtr& root) {
  for (const NodePtr& node : OrderedNodes(root)) {
    for (const std::string& id : SourceIds(node->runtime_ref)) {
      if (auto failure = drivers::SourceRegistry::Global().TakeFailure(id)) {
        throw Error(failure->code(), NodeLabel(*node) + ": " + failure->what());
      }
    }
  }
  return false;
}

}  // namespace frame

FlowFrame read_database(const std::string& connection_name, ReadDatabaseOptions o) {
  json params = {{"connection_name", connection_name},
                 {"table_name", o.table_name},
                 {"schema_name", o.schema_name},
                 {"query", o.query}};
  if (o.partition_num > 1) {
    if (o.partition_on.empty()) {
      throw Error(ErrorCode::kInvalidArgument,
                  "read_database: partition_num needs partition_on (an integer column)");
    }
    params["partition_on"] = o.partition_on;
    params["partition_num"] = o.partition_num;
  }
  FlowFrame frame(frame::NewDatabaseReaderNode(params, o.description));
  frame::SchemaOf(frame.plan());  // connects now: a wrong password or table fails here
  return frame;
}

FlowFrame write_database(const FlowFrame& frame, const std::string& connection_name,
                         const std::string& table_name, WriteDatabaseOptions o) {
  const DatabaseConnectionInfo info = Lookup(connection_name);
  drivers::WriteTarget target;
  target.schema = o.schema_name;
  target.table = table_name;
  if (o.if_exists == "append") {
    target.if_exists = drivers::IfExists::kAppend;
  } else if (o.if_exists == "replace") {
    target.if_exists = drivers::IfExists::kReplace;
  } else if (o.if_exists == "fail") {
    target.if_exists = drivers::IfExists::kFail;
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                "write_database: if_exists must be 'append', "
                "'replace' or 'fail', not '" +
                    o.if_exists + "'");
  }
  if (!IsPostgres(info) && !IsMySql(info) && info.database_type != "sqlite") {
    Unsupported(info, "write_database:");
  }
  const std::string sql = frame.compiled_sql();
  auto connection = engine::Engine::Get().Acquire();
  try {
    if (info.database_type == "sqlite") {
      drivers::sqlite::WriteSqlite(info.database, connection->raw(), sql, target);
    } else if (IsMySql(info)) {
      drivers::mariadb::WriteMariaDb(MyParams(info), connection->raw(), sql, target);
    } else {
      drivers::postgres::WritePostgres(PgParams(info), connection->raw(), sql, target);
    }
  } catch (const Error& error) {
    frame::ThrowSourceFailure(frame.plan());
    throw;
  }
  auto node = frame::NewNode("database_writer", o.description,
                             {{"connection_name", connection_name},
                              {"table_name", table_name},
                              {"schema_name", o.schema_name},
                              {"if_exists", o.if_exists}},
                             {frame.plan()});
  node->column_names = frame.plan()->column_names;
  return FlowFrame(std::move(node));
}

}  // namespace ff
