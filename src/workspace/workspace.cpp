#include "flowfile/workspace.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

#include "crypto/master_key.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/secrets.hpp"
#include "store/store.hpp"

namespace ff {

void FinishPendingRotation(Store& store, crypto::MasterKeyProvider& keys);  // key_manager.cpp

namespace {

// Create the home owner-only. An existing directory is left as the user made it.
void EnsureConfigDir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return;
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
  s.keys = std::make_unique<crypto::MasterKeyProvider>(
      crypto::KeyProviderOptions{.config_dir = s.config_dir, .use_keyring = options.use_keyring});
  FinishPendingRotation(*s.store, *s.keys);
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
