#include "drivers/postgres/pg_connection.hpp"

#include <openssl/crypto.h>

#include <cstring>

#include "drivers/connection_params.hpp"
#include "util/sql_dialect.hpp"

namespace ff::drivers::postgres {
namespace {

std::string TrimTrailingSpace(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

bool Contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

// A NUL-terminated copy of a secret for libpq's keyword array, wiped when it dies.
class TerminatedSecret {
 public:
  explicit TerminatedSecret(const Secret& secret) : bytes_(secret.size() + 1, '\0') {
    if (!secret.empty()) std::memcpy(bytes_.data(), secret.Reveal().data(), secret.size());
  }
  ~TerminatedSecret() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
  TerminatedSecret(const TerminatedSecret&) = delete;
  TerminatedSecret& operator=(const TerminatedSecret&) = delete;
  const char* c_str() const { return bytes_.data(); }

 private:
  std::vector<char> bytes_;
};

std::string Where(const PostgresParams& params) {
  std::string where = params.host.empty() ? std::string("the default host") : params.host;
  if (params.port) where += ":" + std::to_string(*params.port);
  if (!params.database.empty()) where += "/" + params.database;
  if (!params.username.empty()) where += " as user '" + params.username + "'";
  return where;
}

}  // namespace

PostgresParams PostgresParams::Clone() const {
  PostgresParams copy;
  copy.label = label;
  copy.host = host;
  copy.port = port;
  copy.database = database;
  copy.username = username;
  copy.password = password.Clone();
  copy.ssl_enabled = ssl_enabled;
  copy.connect_timeout_seconds = connect_timeout_seconds;
  copy.url = url;
  return copy;
}

PostgresParams ParamsFromConnection(const DatabaseConnectionInfo& info, Secret password) {
  auto params = CommonParams<PostgresParams>(info, std::move(password));
  params.url = info.url;
  return params;
}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

std::string PgResult::text(int row, int column) const {
  if (PQgetisnull(result_, row, column)) return {};
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<size_t>(PQgetlength(result_, row, column)));
}

ErrorCode CodeForSqlState(const std::string& sqlstate) {
  if (sqlstate.size() != 5) return ErrorCode::kIo;
  const std::string cls = sqlstate.substr(0, 2);
  if (cls == "28" || sqlstate == "42501") return ErrorCode::kPermissionDenied;
  if (sqlstate == "42P01" || sqlstate == "3F000" || sqlstate == "3D000")
    return ErrorCode::kNotFound;
  if (sqlstate == "42P07" || sqlstate == "42P06") return ErrorCode::kAlreadyExists;
  if (sqlstate == "0A000") return ErrorCode::kUnsupported;
  if (cls == "22" || cls == "23" || cls == "42") return ErrorCode::kInvalidArgument;
  return ErrorCode::kIo;  // connection loss (08), cancellation (57014), shutdown (57P..)
}

std::unique_ptr<PgConnection> PgConnection::Open(const PostgresParams& params) {
  const std::string label = "postgresql '" + params.label + "'";
  const std::string port = params.port ? std::to_string(*params.port) : std::string();
  const std::string timeout = std::to_string(params.connect_timeout_seconds);
  TerminatedSecret password(params.password);

  // With expand_dbname, a URL given as the first "dbname" is expanded and the keywords after
  // it override its parts; empty fields are left out so the URL's values stand.
  std::vector<const char*> keys;
  std::vector<const char*> values;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    keys.push_back(key);
    values.push_back(value.c_str());
  };
  add("dbname", params.url);
  add("host", params.host);
  add("port", port);
  add("dbname", params.database);
  add("user", params.username);
  if (!params.password.empty()) {
    keys.push_back("password");
    values.push_back(password.c_str());
  }
  add("connect_timeout", timeout);
  static const std::string kRequire = "require";
  if (params.ssl_enabled) add("sslmode", kRequire);
  static const std::string kApplication = "flowfile";
  add("application_name", kApplication);
  static const std::string kUtf8 = "UTF8";
  add("client_encoding", kUtf8);
  keys.push_back(nullptr);
  values.push_back(nullptr);

  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), params.url.empty() ? 0 : 1);
  if (!conn) throw Error(ErrorCode::kIo, label + ": out of memory while connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = TrimTrailingSpace(PQerrorMessage(conn));
    const bool refused =
        PQconnectionNeedsPassword(conn) || Contains(message, "authentication failed") ||
        Contains(message, "no password supplied") || Contains(message, "permission denied");
    PQfinish(conn);
    // libpq never puts the password in a message; scrub anyway in case a server echoes it.
    if (!params.password.empty()) {
      const std::string_view secret = params.password.Reveal();
      for (size_t at; (at = message.find(secret)) != std::string::npos;) {
        message.replace(at, secret.size(), Secret::kMask);
      }
    }
    ErrorCode code = ErrorCode::kIo;
    if (refused) {
      code = ErrorCode::kPermissionDenied;
    } else if (Contains(message, "database \"") && Contains(message, "does not exist")) {
      code = ErrorCode::kNotFound;
    }
    throw Error(code, label + ": cannot connect to " + Where(params) + ": " + message);
  }
  return std::unique_ptr<PgConnection>(new PgConnection(conn, label, params.password.Clone()));
}

PgConnection::PgConnection(PGconn* conn, std::string label, Secret password_for_scrubbing)
    : conn_(conn), label_(std::move(label)), password_(std::move(password_for_scrubbing)) {
  cancel_ = PQgetCancel(conn_);
  // Server notices ("table does not exist, skipping") would go to stderr by default.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() {
  {
    std::lock_guard lock(cancel_mutex_);
    if (cancel_) PQfreeCancel(cancel_);
    cancel_ = nullptr;
  }
  PQfinish(conn_);
}

std::string PgConnection::Scrub(std::string message) const {
  if (password_.empty()) return message;
  const std::string_view secret = password_.Reveal();
  for (size_t at; (at = message.find(secret)) != std::string::npos;) {
    message.replace(at, secret.size(), Secret::kMask);
  }
  return message;
}

Error PgConnection::ErrorFor(const PGresult* result, const std::string& context) const {
  std::string prefix = label_ + (context.empty() ? "" : ": " + context);
  if (!result || PQstatus(conn_) == CONNECTION_BAD) {
    const char* server = result ? PQresultErrorMessage(result) : "";
    std::string message = TrimTrailingSpace(server && *server ? server : PQerrorMessage(conn_));
    return Error(ErrorCode::kIo, Scrub(prefix + ": connection to the server was lost: " + message));
  }
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
  const char* hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT);
  const std::string sqlstate = state ? state : "";
  std::string message =
      primary ? std::string(primary) : TrimTrailingSpace(PQresultErrorMessage(result));
  if (detail) message += " (" + std::string(detail) + ")";
  if (hint) message += "; hint: " + std::string(hint);
  if (!sqlstate.empty()) message += " [SQLSTATE " + sqlstate + "]";
  if (sqlstate == "57014") message = "the query was cancelled: " + message;
  return Error(CodeForSqlState(sqlstate), Scrub(prefix + ": " + message));
}

void PgConnection::ThrowFor(const PGresult* result, const std::string& context) const {
  throw ErrorFor(result, context);
}

PgResult PgConnection::Exec(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  PgResult result(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0));
  const ExecStatusType status = result.get() ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) ThrowFor(result.get(), "");
  return result;
}

std::string PgConnection::Ident(const std::string& name) const {
  return sql::Identifier(name, sql::Dialect::kPostgres);
}

std::string PgConnection::QualifiedName(const std::string& schema, const std::string& table) const {
  return sql::Qualified(schema, table, sql::Dialect::kPostgres);
}

void PgConnection::RequestCancel() {
  std::lock_guard lock(cancel_mutex_);
  if (!cancel_) return;
  char buffer[256];
  PQcancel(cancel_, buffer, sizeof buffer);  // best effort: a failure means nothing ran
}

}  // namespace ff::drivers::postgres
