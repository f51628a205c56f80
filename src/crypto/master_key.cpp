#include "crypto/master_key.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <utility>

#include "crypto/fernet.hpp"
#include "crypto/key_environment.hpp"
#include "crypto/key_file.hpp"
#include "crypto/keyring.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

constexpr const char* kActiveRole = "active";
constexpr const char* kNextRole = "next";

// A stored key that is not a Fernet key: name where it is, never what it holds.
Secret Checked(Secret key, const std::string& where) {
  if (!IsValidFernetKey(key.Reveal()))
    throw Error(ErrorCode::kCrypto,
                "the master key in " + where + " is malformed; " + std::string(kExpectedKeyFormat));
  return key;
}

MasterKey Make(Secret key, KeySourceKind source, std::string location) {
  std::string fingerprint = KeyFingerprint(key.Reveal());
  return MasterKey{std::move(key), std::move(fingerprint), source, std::move(location)};
}

bool KeyringWanted(const KeyProviderOptions& options) {
  const char* off = std::getenv("FLOWFILE_KEYRING");
  return options.use_keyring && !(off != nullptr && std::string_view(off) == "0");
}

// Serialises key creation between processes sharing a home: an flock on a lock file,
// released when the descriptor closes. Best effort: without the lock O_EXCL still keeps
// a second writer from replacing the file.
class CreationLock {
 public:
  explicit CreationLock(const std::filesystem::path& dir)
      : fd_(::open((dir / ".key.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~CreationLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  CreationLock(const CreationLock&) = delete;
  CreationLock& operator=(const CreationLock&) = delete;

 private:
  int fd_;
};

}  // namespace

std::string_view KeySourceName(KeySourceKind kind) {
  switch (kind) {
    case KeySourceKind::kEnvironment: return "env:FLOWFILE_MASTER_KEY";
    case KeySourceKind::kDockerSecret: return "docker-secret";
    case KeySourceKind::kKeyring: return "keyring";
    case KeySourceKind::kFile: return "file";
  }
  return "unknown";
}

std::string KeyFingerprint(std::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(key.data(), key.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw Error(ErrorCode::kCrypto, "SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 8; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

struct MasterKeyProvider::State {
  KeyProviderOptions options;
  Keyring::Status keyring = Keyring::Status::kOff;
  std::optional<MasterKey> active;
  std::optional<MasterKey> staged;
  std::vector<MasterKey> previous;

  std::filesystem::path key_file() const { return options.config_dir / ".secret_key"; }
  std::filesystem::path next_file() const { return options.config_dir / ".secret_key.next"; }
  std::string home() const { return options.config_dir.string(); }

  bool LoadFromEnvironmentOrDocker();
  void AddShadowedKeyFile();
  bool LoadPersisted();
  void Generate();
};

bool MasterKeyProvider::State::LoadFromEnvironmentOrDocker() {
  if (auto key = KeyFromEnvironment(kMasterKeyVariable)) {
    active = Make(std::move(*key), KeySourceKind::kEnvironment, std::string(kMasterKeyVariable));
  } else if (!options.docker_secret.empty()) {
    auto secret = ReadKeyFile(options.docker_secret, KeyFileMode::kAnyMode);
    if (!secret) return false;
    std::string where = options.docker_secret.string();
    std::string_view text = StripKeyText(secret->Reveal());
    active = Make(Checked(Secret(text), "the Docker secret " + where), KeySourceKind::kDockerSecret,
                  where);
  } else {
    return false;
  }
  if (auto key = KeyFromEnvironment(kPreviousMasterKeyVariable))
    previous.push_back(
        Make(std::move(*key), active->source, std::string(kPreviousMasterKeyVariable)));
  return true;
}

// A key file beside an active keyring key was made by a process that could not reach the
// keyring (an SSH session, a cron job). Rows it sealed must stay readable here, and the next
// rotation re-seals them under the keyring key. A file others can read is not trusted.
void MasterKeyProvider::State::AddShadowedKeyFile() {
  std::optional<Secret> key;
  try {
    key = ReadKeyFile(key_file());
  } catch (const Error&) {
    return;
  }
  if (!key || !IsValidFernetKey(key->Reveal()) || key->Reveal() == active->key.Reveal()) return;
  previous.push_back(Make(std::move(*key), KeySourceKind::kFile, key_file().string()));
}

// The keyring item or the key file, and a staged key beside it. A staged key equal to the
// active one is what a keyring promotion killed between its two steps leaves: finish it.
bool MasterKeyProvider::State::LoadPersisted() {
  if (keyring != Keyring::Status::kOff) {
    if (auto key = Keyring::Lookup(home(), kActiveRole)) {
      active = Make(Checked(std::move(*key), "the keyring"), KeySourceKind::kKeyring,
                    Keyring::Label(home(), kActiveRole));
      if (auto next = Keyring::Lookup(home(), kNextRole)) {
        if (next->Reveal() == active->key.Reveal())
          Keyring::Clear(home(), kNextRole);
        else
          staged = Make(Checked(std::move(*next), "the keyring"), KeySourceKind::kKeyring,
                        Keyring::Label(home(), kNextRole));
      }
      AddShadowedKeyFile();
      return true;
    }
  }
  auto key = ReadKeyFile(key_file());
  if (!key) return false;
  active = Make(Checked(std::move(*key), key_file().string()), KeySourceKind::kFile,
                key_file().string());
  if (auto next = ReadKeyFile(next_file())) {
    if (next->Reveal() == active->key.Reveal())
      RemoveKeyFile(next_file());
    else
      staged = Make(Checked(std::move(*next), next_file().string()), KeySourceKind::kFile,
                    next_file().string());
  }
  return true;
}

void MasterKeyProvider::State::Generate() {
  std::string text = GenerateFernetKey();
  Secret key = Secret::Adopt(text);
  if (keyring == Keyring::Status::kReady) {
    Keyring::Store(home(), kActiveRole, key);
    active = Make(std::move(key), KeySourceKind::kKeyring, Keyring::Label(home(), kActiveRole));
    return;
  }
  if (!CreateKeyFile(key_file(), key)) {
    // Another process without our lock won the race: use its key.
    if (!LoadPersisted())
      throw Error(ErrorCode::kIo, "the key file " + key_file().string() +
                                      " appeared and vanished while Flowfile created it");
    return;
  }
  active = Make(std::move(key), KeySourceKind::kFile, key_file().string());
}

MasterKeyProvider::MasterKeyProvider(KeyProviderOptions options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.options = std::move(options);
  if (s.LoadFromEnvironmentOrDocker()) return;
  if (s.options.config_dir.empty())
    throw Error(ErrorCode::kInvalidArgument,
                "no master key source: the config folder is empty and FLOWFILE_MASTER_KEY is "
                "not set");
  EnsurePrivateDirectory(s.options.config_dir);
  if (KeyringWanted(s.options)) s.keyring = Keyring::Probe();
  if (s.LoadPersisted()) return;
  CreationLock lock(s.options.config_dir);
  if (s.LoadPersisted()) return;  // another process created it while we waited
  s.Generate();
}

MasterKeyProvider::~MasterKeyProvider() = default;

const MasterKey& MasterKeyProvider::Active() const { return *state_->active; }

std::vector<const MasterKey*> MasterKeyProvider::KnownKeys() const {
  std::vector<const MasterKey*> keys = {&*state_->active};
  if (state_->staged) keys.push_back(&*state_->staged);
  for (const auto& key : state_->previous) keys.push_back(&key);
  return keys;
}

const MasterKey* MasterKeyProvider::FindByFingerprint(std::string_view fingerprint) const {
  for (const auto* key : KnownKeys())
    if (key->fingerprint == fingerprint) return key;
  return nullptr;
}

const MasterKey& MasterKeyProvider::StageNextKey() {
  State& s = *state_;
  switch (s.active->source) {
    case KeySourceKind::kEnvironment:
      throw Error(ErrorCode::kUnsupported,
                  "the master key comes from FLOWFILE_MASTER_KEY; rotate by setting "
                  "FLOWFILE_MASTER_KEY_PREVIOUS to the current key and FLOWFILE_MASTER_KEY to "
                  "a new one (make one with: python3 -c \"from cryptography.fernet import "
                  "Fernet; print(Fernet.generate_key().decode())\"). Values sealed with the "
                  "old key stay readable while FLOWFILE_MASTER_KEY_PREVIOUS is set, and are "
                  "sealed with the new key when saved again");
    case KeySourceKind::kDockerSecret:
      throw Error(ErrorCode::kUnsupported,
                  "the master key comes from the Docker secret " + s.active->location +
                      "; rotate by passing the current key as "
                      "FLOWFILE_MASTER_KEY_PREVIOUS and replacing the secret with a new key: "
                      "values sealed with the old key stay readable while "
                      "FLOWFILE_MASTER_KEY_PREVIOUS is set");
    case KeySourceKind::kKeyring:
    case KeySourceKind::kFile: break;
  }
  std::string text = GenerateFernetKey();
  Secret key = Secret::Adopt(text);
  if (s.active->source == KeySourceKind::kKeyring) {
    Keyring::Store(s.home(), kNextRole, key);
    s.staged = Make(std::move(key), KeySourceKind::kKeyring, Keyring::Label(s.home(), kNextRole));
  } else {
    ReplaceKeyFile(s.next_file(), key);
    s.staged = Make(std::move(key), KeySourceKind::kFile, s.next_file().string());
  }
  return *s.staged;
}

void MasterKeyProvider::PromoteNextKey() {
  State& s = *state_;
  if (!s.staged) return;
  if (s.active->source == KeySourceKind::kKeyring) {
    // Active first: killed between the two steps, the next start sees next == active.
    Keyring::Store(s.home(), kActiveRole, s.staged->key);
    Keyring::Clear(s.home(), kNextRole);
    s.staged->location = Keyring::Label(s.home(), kActiveRole);
  } else {
    // rename() replaces the old key atomically: readers see the old or the new, never none.
    if (!MoveKeyFile(s.next_file(), s.key_file())) {
      auto current = ReadKeyFile(s.key_file());
      if (!current || KeyFingerprint(current->Reveal()) != s.staged->fingerprint)
        throw Error(ErrorCode::kConflict,
                    "the staged master key " + s.next_file().string() +
                        " was removed by another process before it could be promoted");
    }
    s.staged->location = s.key_file().string();
  }
  s.active = std::move(s.staged);
  s.staged.reset();
}

void MasterKeyProvider::DiscardNextKey() {
  State& s = *state_;
  if (s.active->source == KeySourceKind::kKeyring)
    Keyring::Clear(s.home(), kNextRole);
  else if (s.active->source == KeySourceKind::kFile)
    RemoveKeyFile(s.next_file());
  s.staged.reset();
}

bool MasterKeyProvider::HasStagedKey() const { return state_->staged.has_value(); }

const MasterKey* MasterKeyProvider::StagedKey() const {
  return state_->staged ? &*state_->staged : nullptr;
}

}  // namespace ff::crypto
