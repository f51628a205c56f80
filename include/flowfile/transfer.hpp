// Moving a workspace's connections and secrets to another machine: export and import.
//
// Contract:
//  - A plain export is JSON holding every connection's fields and, in place of each secret
//    value, a named placeholder "${secret:<connection>_<field>}" (e.g.
//    "${secret:prod_db_password}"). Named secrets are listed by name only. A field that
//    already refers to a named secret ("${secret:NAME}") is exported as that reference.
//    No secret value is ever written in a plain export.
//  - An encrypted export (a passphrase is given) is a bundle holding the same document
//    plus the values, sealed with AES-256-GCM under a key derived from the passphrase by
//    scrypt (N=2^15, r=8, p=1, 16-byte random salt; random 12-byte nonce). A wrong
//    passphrase or a modified bundle fails with ErrorCode::kCrypto.
//  - Import restores connections and named secrets. A value the file does not carry is
//    taken from the environment variable FLOWFILE_SECRET_<NAME> (NAME upper-cased, other
//    than letters and digits -> '_', Flowfile's convention), else from the `ask` callback;
//    a value still missing is reported, and its field is stored as a reference
//    "${secret:<placeholder>}" so that `flowfile secrets set <placeholder>` completes it.
//  - Existing names are skipped unless `overwrite`; all writes happen in one transaction
//    (values are gathered, and prompts answered, before it starts).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/secret.hpp"

namespace ff {

class Workspace;

//! The placeholder name for a connection's secret field: "<connection>_<field>".
std::string PlaceholderName(std::string_view connection, std::string_view field);

//! The environment variable import consults for `name`: "FLOWFILE_SECRET_" followed by
//! `name` upper-cased with every character other than a letter or digit replaced by '_'.
std::string SecretEnvVarName(std::string_view name);

struct ExportOptions {
  //! When set (non-empty), write an encrypted bundle that carries the secret values.
  const Secret* passphrase = nullptr;
  //! An encrypted export meets a value that does not open (its master key is missing, or
  //! the row is damaged): by default the export fails naming every such value; with this
  //! set it leaves them out (marked "unreadable": true) and names them in `skipped`.
  bool skip_unreadable = false;
  std::vector<std::string>* skipped = nullptr;
};

//! The export document (plain JSON, or the encrypted bundle). Audited as "export".
std::string ExportWorkspace(Workspace& workspace, const ExportOptions& options = {});

//! True when `text` is an encrypted bundle (so a passphrase is needed to import it).
bool IsEncryptedExport(std::string_view text);

//! A value the import needs and the file does not carry.
struct MissingValue {
  std::string name;        //!< placeholder or named-secret name, e.g. "prod_db_password"
  std::string env_var;     //!< SecretEnvVarName(name)
  std::string connection;  //!< the connection it belongs to; empty for a named secret
  std::string field;       //!< "password", "aws_secret_access_key", ...; empty for a secret
};

struct ImportOptions {
  bool overwrite = false;
  //! Needed for an encrypted bundle; kInvalidArgument when absent.
  const Secret* passphrase = nullptr;
  //! Asked for each value neither the file nor the environment holds. nullopt (or no
  //! callback) leaves it missing.
  std::function<std::optional<Secret>(const MissingValue&)> ask;
  //! Environment lookup; empty -> std::getenv. (Tests pass their own.)
  std::function<std::optional<std::string>(const std::string&)> getenv;
};

struct ImportedItem {
  std::string kind;  //!< database_connection | cloud_connection | secret
  std::string name;
  std::string action;  //!< created | replaced | skipped (exists; use overwrite) | missing (a
                       //!< secret whose value neither the file, the environment nor `ask` gave)
};

struct ImportReport {
  std::vector<ImportedItem> items;
  std::vector<MissingValue> missing;  //!< still without a value after env and `ask`
  size_t values_from_file = 0, values_from_env = 0, values_asked = 0;
};

//! Restore `text` (a plain export or an encrypted bundle) into `workspace`. Audited as
//! "import". Throws kInvalidArgument for a document that is not a Flowfile export.
ImportReport ImportWorkspace(Workspace& workspace, std::string_view text,
                             const ImportOptions& options = {});

}  // namespace ff
