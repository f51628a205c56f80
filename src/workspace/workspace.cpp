#include "flowfile/workspace.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

#include "crypto/master_key.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/warnings.hpp"
#include "keys/key_state.hpp"
#include "store/store.hpp"

namespace ff {

namespace {

// Create the home owner-only. An existing home others can enter is tightened to 0700
// (it holds the key file and the store), and the user is told.
void EnsureConfigDir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    if (::chmod(dir.c_str(), 0700) != 0)
      throw Error(ErrorCode::kPermissionDenied,
                  "the Flowfile home " + dir.string() + " has mode " + mode +
                      ", so other users can reach the key and the store, and it cannot be "
                      "tightened (" +
                      std::strerror(errno) + "); run `chmod 700 " + dir.string() + "`");
    Warn("the Flowfile home " + dir.string() + " had mode " + mode +
         " (other users could reach the key and the store); it is now 0700");
    return;
  }
  if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw Error(ErrorCode::kIo, "cannot create the Flowfile home " + dir.string() + ": " +
                                    std::strerror(errno) + " (set FLOWFILE_HOME to another place)");
}

std::string& DefaultFrontEnd() {
  static std::string front_end = "cpp";
  return front_end;
}

std::string DefaultActor() {
  const char* user = std::getenv("USER");
  if (user == nullptr) {
    if (const passwd* pw = getpwuid(getuid())) user = pw->pw_name;
  }
  return DefaultFrontEnd() + ":" + (user ? user : "unknown");
}

}  // namespace

struct Workspace::State {
  std::filesystem::path config_dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<crypto::MasterKeyProvider> keys;
  std::unique_ptr<AuditLog> audit;
  std::unique_ptr<Connections> connections;
  std::unique_ptr<Secrets> secrets;
  std::unique_ptr<KeyManager> key_manager;
};

Workspace::Workspace() : state_(std::make_unique<State>()) {}
Workspace::~Workspace() = default;

std::shared_ptr<Workspace> Workspace::Open(WorkspaceOptions options) {
  std::shared_ptr<Workspace> ws(new Workspace());
  State& s = *ws->state_;
  s.config_dir = options.config_dir.empty() ? DefaultConfigDir() : options.config_dir;
  EnsureConfigDir(s.config_dir);
  s.store = Store::Open(s.config_dir / "flowfile.db");
  // A store that already holds sealed values never gets a freshly generated key: those
  // values would become unreadable without a word. Without its key, reads and writes of
  // secrets fail naming the key the store needs.
  bool empty = false;
  {
    auto lock = s.store->Lock();
    empty = keys::SealedValues(*s.store) == 0;
  }
  s.keys = std::make_unique<crypto::MasterKeyProvider>(
      crypto::KeyProviderOptions{.config_dir = s.config_dir,
                                 .use_keyring = options.use_keyring,
                                 .may_generate = empty && !s.store->read_only()});
  if (!s.store->read_only()) RecoverInterruptedRotation(*s.store, *s.keys);
  s.audit =
      std::make_unique<AuditLog>(*s.store, options.actor.empty() ? DefaultActor() : options.actor);
  s.connections = std::make_unique<Connections>(*s.store, *s.keys, *s.audit);
  s.secrets = std::make_unique<Secrets>(*s.store, *s.keys, *s.audit);
  s.key_manager = std::make_unique<KeyManager>(*s.store, *s.keys, *s.audit);
  return ws;
}

std::shared_ptr<Workspace> Workspace::Default() {
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::shared_ptr<Workspace>> opened;
  std::lock_guard lock(mutex);
  auto dir = DefaultConfigDir();
  auto& ws = opened[dir];
  if (!ws) ws = Open({.config_dir = dir});
  return ws;
}

void Workspace::SetDefaultFrontEnd(std::string front_end) {
  DefaultFrontEnd() = std::move(front_end);
}

const std::filesystem::path& Workspace::config_dir() const { return state_->config_dir; }
Connections& Workspace::connections() { return *state_->connections; }
Secrets& Workspace::secrets() { return *state_->secrets; }
AuditLog& Workspace::audit() { return *state_->audit; }
KeyManager& Workspace::keys() { return *state_->key_manager; }
Store& Workspace::store() { return *state_->store; }

}  // namespace ff
