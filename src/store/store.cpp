#include "store/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "flowfile/errors.hpp"
#include "flowfile/warnings.hpp"
#include "store/migrations.hpp"

namespace ff {
namespace {

constexpr int kBusyTimeoutMs = 30000;

std::string StorePath(sqlite3* db) {
  const char* name = db ? sqlite3_db_filename(db, "main") : nullptr;
  return name && *name ? name : "(the store)";
}

// SQLite's words for the failures a user can fix, in ours: what, where, and why.
[[noreturn]] void ThrowSqlite(sqlite3* db, std::string_view doing) {
  int code = db ? (sqlite3_extended_errcode(db) & 0xff) : SQLITE_ERROR;
  std::string path = StorePath(db);
  int os_error = db ? sqlite3_system_errno(db) : 0;
  std::string reason = os_error != 0 ? std::string(": ") + std::strerror(os_error) : "";
  if (os_error == ENOSPC) code = SQLITE_FULL;
  switch (code) {
    case SQLITE_FULL:
      throw Error(ErrorCode::kIo, "disk full: cannot write the store " + path + " (" +
                                      std::string(doing) + "); free space on that disk");
    case SQLITE_READONLY:
      throw Error(ErrorCode::kPermissionDenied,
                  "the store " + path + " is read-only here" + reason +
                      "; reading works, changes need a writable Flowfile home (FLOWFILE_HOME)");
    case SQLITE_CANTOPEN:
      throw Error(ErrorCode::kIo,
                  "unable to open the store " + path + reason + " (" + std::string(doing) + ")");
    case SQLITE_IOERR:
      throw Error(ErrorCode::kIo,
                  "I/O error on the store " + path + reason + " (" + std::string(doing) + ")");
    default:
      throw Error(ErrorCode::kStore, "store: " + std::string(doing) + " failed: " +
                                         (db ? sqlite3_errmsg(db) : "?") + " (" + path + ")");
  }
}

// Create the file with owner-only permissions before SQLite sees it, so it is never
// readable by others, not even for an instant.
void CreateOwnerOnly(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    int error = errno;
    throw Error(error == ENOSPC ? ErrorCode::kIo : ErrorCode::kPermissionDenied,
                "cannot create the store " + path.string() + ": " + std::strerror(error) +
                    (error == ENOSPC ? " (disk full)" : ""));
  }
}

sqlite3* OpenConnection(const std::filesystem::path& path, const std::string& name, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW,
                           nullptr);
  if (rc == SQLITE_OK) return db;
  int os_error = db ? sqlite3_system_errno(db) : 0;
  std::string message =
      "unable to open the store " + path.string() + ": " +
      (os_error ? std::strerror(os_error) : (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  sqlite3_close(db);
  throw Error(ErrorCode::kStore, message);
}

// A home on a read-only file system (or a store file without write permission) whose WAL
// side files cannot be created: open the database as immutable, for reading only.
bool NeedsReadOnlyOpen(const std::filesystem::path& path) {
  if (::access(path.c_str(), W_OK) != 0) return true;
  std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  return ::access(dir.c_str(), W_OK) != 0;
}

}  // namespace

// ------------------------------------------------------------------ Statement
Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK)
    ThrowSqlite(db, "preparing a statement");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement& Statement::Bind(int index, std::string_view text) {
  // An empty view may have a null data(): bind "" so it is '' in SQL, not NULL.
  sqlite3_bind_text(stmt_, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, std::optional<int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if (rc == SQLITE_CONSTRAINT)
    throw Error(ErrorCode::kAlreadyExists, std::string("store: ") + sqlite3_errmsg(db_));
  ThrowSqlite(db_, "running a statement");
}

int Statement::Run() {
  while (Step()) {
  }
  return sqlite3_changes(db_);
}

std::string Statement::Text(int column) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : "";
}
int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// ------------------------------------------------------------------ Store
// Reading a home this process cannot write (or whose disk is full). An immutable open
// needs no side files, but it ignores the WAL: with committed changes still in the WAL
// the store is opened read-only the normal way, or refused, never read stale.
std::unique_ptr<Store> Store::OpenReadOnly(const std::filesystem::path& path) {
  std::error_code ec;
  auto wal = path;
  wal += "-wal";
  bool pending_wal = std::filesystem::file_size(wal, ec) > 0 && !ec;
  std::string name = pending_wal ? path.string() : "file:" + path.string() + "?immutable=1";
  sqlite3* db = OpenConnection(path, name, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  std::unique_ptr<Store> store(new Store(db, path));
  store->read_only_ = true;
  int version = 0;
  try {
    version = store->SchemaVersion();
  } catch (const Error& e) {
    throw Error(ErrorCode::kIo,
                "the store " + path.string() +
                    " cannot be read from a home this process cannot write: " + e.what());
  }
  if (version != static_cast<int>(StoreMigrations().size()))
    throw Error(ErrorCode::kPermissionDenied,
                "the store " + path.string() +
                    " is read-only here and needs an upgrade first; open it once from a "
                    "process that can write the Flowfile home");
  return store;
}

std::unique_ptr<Store> Store::Open(const std::filesystem::path& path) {
  CreateOwnerOnly(path);
  if (NeedsReadOnlyOpen(path)) return OpenReadOnly(path);
  sqlite3* db = OpenConnection(path, path.string(), SQLITE_OPEN_READWRITE);
  std::unique_ptr<Store> store(new Store(db, path));
  try {
    store->Configure();
  } catch (const Error&) {
    bool disk_full =
        sqlite3_system_errno(db) == ENOSPC || (sqlite3_extended_errcode(db) & 0xff) == SQLITE_FULL;
    if (!disk_full) throw;
    store.reset();
    auto reader = OpenReadOnly(path);
    Warn("disk full: the store " + path.string() +
         " is open for reading only; changes fail until space is freed on that disk");
    return reader;
  }
  return store;
}

void Store::Configure() {
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  Execute("PRAGMA foreign_keys = ON");
  // Switching to WAL needs a moment of exclusive access; another process opening at
  // the same instant may see SQLITE_BUSY despite the timeout, so retry briefly.
  for (int attempt = 0;; ++attempt) {
    try {
      Execute("PRAGMA journal_mode = WAL");
      break;
    } catch (const Error&) {
      int code = sqlite3_extended_errcode(db_) & 0xff;
      if (attempt == 50 || (code != SQLITE_BUSY && code != SQLITE_LOCKED)) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  Execute("PRAGMA synchronous = NORMAL");
  Migrate();
}

Store::Store(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

Store::~Store() { sqlite3_close_v2(db_); }

Statement Store::Prepare(std::string_view sql) { return Statement(db_, sql); }

void Store::Execute(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    ThrowSqlite(db_, "running '" + text.substr(0, text.find_first_of(" ;")) + "'");
}

int64_t Store::LastInsertId() { return sqlite3_last_insert_rowid(db_); }

int Store::SchemaVersion() {
  auto lock = Lock();
  Statement s = Prepare("PRAGMA user_version");
  s.Step();
  return static_cast<int>(s.Int(0));
}

void Store::Transaction(const std::function<void()>& body) {
  auto lock = Lock();
  if (read_only_)
    throw Error(ErrorCode::kPermissionDenied,
                "the store " + path_.string() +
                    " is read-only here (the Flowfile home cannot be written); reading works, "
                    "changes need a writable home");
  if (transaction_depth_ > 0) {  // join the outer transaction
    body();
    return;
  }
  Execute("BEGIN IMMEDIATE");
  ++transaction_depth_;
  try {
    body();
    Execute("COMMIT");
    --transaction_depth_;
  } catch (...) {
    --transaction_depth_;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Store::Migrate() {
  auto lock = Lock();
  const auto& migrations = StoreMigrations();
  if (SchemaVersion() == static_cast<int>(migrations.size())) return;
  Transaction([&] {
    // Re-read under the write lock: another process may have migrated meanwhile.
    int version = SchemaVersion();
    if (version > static_cast<int>(migrations.size()))
      throw Error(ErrorCode::kStore, "the store " + path_.string() + " has schema version " +
                                         std::to_string(version) +
                                         ", newer than this Flowfile understands (" +
                                         std::to_string(migrations.size()) + "); upgrade Flowfile");
    if (version == static_cast<int>(migrations.size())) return;
    for (size_t v = static_cast<size_t>(version); v < migrations.size(); ++v)
      Execute(migrations[v]);
    Execute("PRAGMA user_version = " + std::to_string(migrations.size()));
  });
}

std::string UtcNow() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace ff
