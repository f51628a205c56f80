// ff::Workspace: one Flowfile home — its config directory, encrypted store and master key.
//
// Every front end (Python, C++, CLI, server) opens the same home and so sees the same
// connections, secrets and audit log. Opening is cheap; the store is shared safely
// between processes (SQLite WAL with a busy timeout; each write is one transaction).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace ff {

class Store;
class Connections;
class Secrets;
class AuditLog;
class KeyManager;

//! The config directory: $FLOWFILE_HOME, else $XDG_CONFIG_HOME/flowfile, else
//! ~/.config/flowfile. (macOS: ~/Library/Application Support/flowfile; Windows:
//! %APPDATA%\flowfile — documented, not built here.)
std::filesystem::path DefaultConfigDir();

struct WorkspaceOptions {
  std::filesystem::path config_dir;  //!< empty: DefaultConfigDir()
  std::string actor;                 //!< recorded in the audit log; empty: "<front end>:<user>"
  bool use_keyring = true;           //!< try the OS keyring as a key source
};

class Workspace {
 public:
  //! Create the directory (0700) and store (0600) when missing, migrate the schema, and
  //! find the master key. Throws ff::Error with what is wrong and how to fix it.
  static std::shared_ptr<Workspace> Open(WorkspaceOptions options = {});
  //! The process-wide workspace for the default config dir (opened on first use).
  //! Reopened when FLOWFILE_HOME changes between calls (tests do that).
  static std::shared_ptr<Workspace> Default();
  //! Name the front end recorded as the actor of Default()'s audit events
  //! ("python" gives "python:<user>"). Call before the first Default().
  static void SetDefaultFrontEnd(std::string front_end);

  ~Workspace();
  const std::filesystem::path& config_dir() const;

  Connections& connections();
  Secrets& secrets();
  AuditLog& audit();
  KeyManager& keys();
  Store& store();

 private:
  Workspace();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ff
