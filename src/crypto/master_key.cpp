#include "crypto/master_key.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <deque>
#include <mutex>
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

// A key file that only adds to what this process can read: an unreadable or malformed
// one is not worth failing for (the source that matters reports its own errors).
std::optional<Secret> ReadOptionalKeyFile(const std::filesystem::path& path) {
  try {
    auto key = ReadKeyFile(path);
    if (key && IsValidFernetKey(key->Reveal())) return key;
  } catch (const Error&) {
  }
  return std::nullopt;
}

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
  mutable std::mutex mutex;
  std::deque<MasterKey> seen;  // append-only: pointers into it stay valid
  const MasterKey* active = nullptr;
  const MasterKey* staged = nullptr;
  KeySourceKind source = KeySourceKind::kFile;

  std::filesystem::path key_file() const { return options.config_dir / ".secret_key"; }
  std::filesystem::path next_file() const { return options.config_dir / ".secret_key.next"; }
  std::string home() const { return options.config_dir.string(); }
  bool read_only_source() const {
    return source == KeySourceKind::kEnvironment || source == KeySourceKind::kDockerSecret;
  }

  const MasterKey* Remember(Secret key, KeySourceKind kind, std::string location);
  const MasterKey* Find(std::string_view fingerprint) const;
  bool LoadEnvironmentOrDocker();
  std::optional<Secret> LoadNext(bool tidy, bool& from_keyring);
  void Load(bool tidy);
  void Generate();
  std::string text() const;
};

const MasterKey* MasterKeyProvider::State::Remember(Secret key, KeySourceKind kind,
                                                    std::string location) {
  std::string fingerprint = KeyFingerprint(key.Reveal());
  for (const auto& known : seen)
    if (known.fingerprint == fingerprint && known.location == location) return &known;
  seen.push_back(MasterKey{std::move(key), std::move(fingerprint), kind, std::move(location)});
  return &seen.back();
}

const MasterKey* MasterKeyProvider::State::Find(std::string_view fingerprint) const {
  if (active != nullptr && active->fingerprint == fingerprint) return active;
  for (const auto& known : seen)
    if (known.fingerprint == fingerprint) return &known;
  return nullptr;
}

bool MasterKeyProvider::State::LoadEnvironmentOrDocker() {
  if (auto key = KeyFromEnvironment(kMasterKeyVariable)) {
    source = KeySourceKind::kEnvironment;
    active = Remember(std::move(*key), source, std::string(kMasterKeyVariable));
  } else if (!options.docker_secret.empty()) {
    auto secret = ReadKeyFile(options.docker_secret, KeyFileMode::kAnyMode);
    if (!secret) return false;
    std::string where = options.docker_secret.string();
    std::string_view stripped = StripKeyText(secret->Reveal());
    source = KeySourceKind::kDockerSecret;
    active = Remember(Checked(Secret(stripped), "the Docker secret " + where), source, where);
  } else {
    return false;
  }
  if (auto key = KeyFromEnvironment(kPreviousMasterKeyVariable))
    Remember(std::move(*key), source, std::string(kPreviousMasterKeyVariable));
  return true;
}

// The staged key, read before the active one: a promotion renames next over active, so
// reading in this order sees the new key in one place or the other, never in neither.
std::optional<Secret> MasterKeyProvider::State::LoadNext(bool tidy, bool& from_keyring) {
  from_keyring = false;
  if (keyring != Keyring::Status::kOff && !read_only_source()) {
    if (auto next = Keyring::Lookup(home(), kNextRole)) {
      from_keyring = true;
      return next;
    }
  }
  if (tidy) return ReadKeyFile(next_file());
  return ReadOptionalKeyFile(next_file());
}

// Reads every place a key of this home may be. `tidy` (first load only) finishes what a
// promotion killed between its two steps left (a staged key equal to the active one).
void MasterKeyProvider::State::Load(bool tidy) {
  bool in_keyring = false;
  std::optional<Secret> next = LoadNext(tidy, in_keyring);
  bool fixed = active != nullptr && read_only_source();
  if (!fixed && !LoadEnvironmentOrDocker()) {
    if (keyring != Keyring::Status::kOff) {
      if (auto key = Keyring::Lookup(home(), kActiveRole)) {
        source = KeySourceKind::kKeyring;
        active = Remember(Checked(std::move(*key), "the keyring"), source,
                          Keyring::Label(home(), kActiveRole));
      }
    }
    bool file_is_source = active == nullptr || source == KeySourceKind::kFile;
    std::optional<Secret> file =
        file_is_source ? ReadKeyFile(key_file()) : ReadOptionalKeyFile(key_file());
    if (file) {
      const MasterKey* key = Remember(Checked(std::move(*file), key_file().string()),
                                      KeySourceKind::kFile, key_file().string());
      if (file_is_source) {
        source = KeySourceKind::kFile;
        active = key;
      }
    }
  } else if (auto file = ReadOptionalKeyFile(key_file())) {
    Remember(std::move(*file), KeySourceKind::kFile, key_file().string());
  }
  staged = nullptr;
  if (!next) return;
  std::string where = in_keyring ? Keyring::Label(home(), kNextRole) : next_file().string();
  Secret key = Checked(std::move(*next), where);
  if (active != nullptr && key.Reveal() == active->key.Reveal()) {
    if (!tidy) return;
    try {
      if (in_keyring)
        Keyring::Clear(home(), kNextRole);
      else
        RemoveKeyFile(next_file());
    } catch (const Error&) {
      // A read-only home: the duplicate is harmless, a later process removes it.
    }
    return;
  }
  staged =
      Remember(std::move(key), in_keyring ? KeySourceKind::kKeyring : KeySourceKind::kFile, where);
}

void MasterKeyProvider::State::Generate() {
  std::string generated = GenerateFernetKey();
  Secret key = Secret::Adopt(generated);
  if (keyring == Keyring::Status::kReady) {
    Keyring::Store(home(), kActiveRole, key);
    source = KeySourceKind::kKeyring;
    active = Remember(std::move(key), source, Keyring::Label(home(), kActiveRole));
    return;
  }
  if (!CreateKeyFile(key_file(), key)) {
    // Another process without our lock won the race: use its key.
    Load(false);
    if (active == nullptr)
      throw Error(ErrorCode::kIo, "the key file " + key_file().string() +
                                      " appeared and vanished while Flowfile created it");
    return;
  }
  source = KeySourceKind::kFile;
  active = Remember(std::move(key), source, key_file().string());
}

std::string MasterKeyProvider::State::text() const {
  switch (source) {
    case KeySourceKind::kEnvironment: return std::string(kMasterKeyVariable);
    case KeySourceKind::kDockerSecret: return "the Docker secret " + options.docker_secret.string();
    case KeySourceKind::kKeyring: return "the keyring item " + Keyring::Label(home(), kActiveRole);
    case KeySourceKind::kFile: return key_file().string();
  }
  return key_file().string();
}

MasterKeyProvider::MasterKeyProvider(KeyProviderOptions options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.options = std::move(options);
  if (s.options.config_dir.empty()) {
    if (s.LoadEnvironmentOrDocker()) return;
    throw Error(ErrorCode::kInvalidArgument,
                "no master key source: the config folder is empty and FLOWFILE_MASTER_KEY is "
                "not set");
  }
  EnsurePrivateDirectory(s.options.config_dir);
  if (!s.LoadEnvironmentOrDocker() && KeyringWanted(s.options)) s.keyring = Keyring::Probe();
  s.Load(true);
  if (s.active != nullptr || !s.options.may_generate) return;
  CreationLock lock(s.options.config_dir);
  s.Load(false);  // another process may have created it while we waited
  if (s.active == nullptr) s.Generate();
}

MasterKeyProvider::~MasterKeyProvider() = default;

bool MasterKeyProvider::HasActive() const {
  std::lock_guard lock(state_->mutex);
  return state_->active != nullptr;
}

const MasterKey& MasterKeyProvider::Active() const {
  std::lock_guard lock(state_->mutex);
  if (state_->active == nullptr)
    throw Error(ErrorCode::kCrypto, "no master key: " + state_->text() +
                                        " does not exist, and the store holds encrypted values, "
                                        "so Flowfile does not make a new key that cannot open "
                                        "them; run `flowfile key status` to see the key needed");
  return *state_->active;
}

KeySourceKind MasterKeyProvider::ActiveSource() const {
  std::lock_guard lock(state_->mutex);
  return state_->source;
}

std::string MasterKeyProvider::ActiveLocation() const {
  std::lock_guard lock(state_->mutex);
  return state_->active ? state_->active->location : state_->text();
}

const std::filesystem::path& MasterKeyProvider::home() const { return state_->options.config_dir; }

std::vector<const MasterKey*> MasterKeyProvider::KnownKeys() const {
  std::lock_guard lock(state_->mutex);
  std::vector<const MasterKey*> keys;
  if (state_->active) keys.push_back(state_->active);
  for (const auto& key : state_->seen) {
    bool duplicate = false;
    for (const auto* k : keys) duplicate = duplicate || k->fingerprint == key.fingerprint;
    if (!duplicate) keys.push_back(&key);
  }
  return keys;
}

const MasterKey* MasterKeyProvider::FindByFingerprint(std::string_view fingerprint) const {
  std::lock_guard lock(state_->mutex);
  return state_->Find(fingerprint);
}

const MasterKey* MasterKeyProvider::Resolve(std::string_view fingerprint) {
  std::lock_guard lock(state_->mutex);
  if (const auto* key = state_->Find(fingerprint)) return key;
  state_->Load(false);
  return state_->Find(fingerprint);
}

const MasterKey& MasterKeyProvider::StageNextKey() {
  std::lock_guard lock(state_->mutex);
  State& s = *state_;
  std::string generated = GenerateFernetKey();
  Secret key = Secret::Adopt(generated);
  if (s.source == KeySourceKind::kKeyring) {
    Keyring::Store(s.home(), kNextRole, key);
    s.staged =
        s.Remember(std::move(key), KeySourceKind::kKeyring, Keyring::Label(s.home(), kNextRole));
  } else {
    ReplaceKeyFile(s.next_file(), key);
    s.staged = s.Remember(std::move(key), KeySourceKind::kFile, s.next_file().string());
  }
  return *s.staged;
}

void MasterKeyProvider::PromoteNextKey() {
  std::lock_guard lock(state_->mutex);
  State& s = *state_;
  if (s.staged == nullptr || s.read_only_source()) return;
  Secret key = s.staged->key.Clone();
  if (s.source == KeySourceKind::kKeyring) {
    // Active first: killed between the two steps, the next start sees next == active.
    Keyring::Store(s.home(), kActiveRole, key);
    Keyring::Clear(s.home(), kNextRole);
    s.active = s.Remember(std::move(key), s.source, Keyring::Label(s.home(), kActiveRole));
  } else {
    // rename() replaces the old key atomically: readers see the old or the new, never none.
    if (!MoveKeyFile(s.next_file(), s.key_file())) {
      auto current = ReadKeyFile(s.key_file());
      if (!current || KeyFingerprint(current->Reveal()) != s.staged->fingerprint)
        throw Error(ErrorCode::kConflict,
                    "the staged master key " + s.next_file().string() +
                        " was removed by another process before it could be promoted");
    }
    s.active = s.Remember(std::move(key), KeySourceKind::kFile, s.key_file().string());
  }
  s.staged = nullptr;
}

void MasterKeyProvider::DiscardNextKey() {
  std::lock_guard lock(state_->mutex);
  State& s = *state_;
  if (s.source == KeySourceKind::kKeyring)
    Keyring::Clear(s.home(), kNextRole);
  else
    RemoveKeyFile(s.next_file());
  s.staged = nullptr;
}

bool MasterKeyProvider::HasStagedKey() const {
  std::lock_guard lock(state_->mutex);
  return state_->staged != nullptr;
}

const MasterKey* MasterKeyProvider::StagedKey() const {
  std::lock_guard lock(state_->mutex);
  return state_->staged;
}

const MasterKey& MasterKeyProvider::ReplaceActiveKey() {
  std::lock_guard lock(state_->mutex);
  State& s = *state_;
  if (s.read_only_source())
    throw Error(ErrorCode::kUnsupported,
                "the master key comes from " + s.text() +
                    ", which Flowfile cannot change; set it to the key you want instead");
  std::string generated = GenerateFernetKey();
  Secret key = Secret::Adopt(generated);
  if (s.source == KeySourceKind::kKeyring || s.keyring == Keyring::Status::kReady) {
    if (s.active != nullptr && s.source == KeySourceKind::kKeyring)
      Keyring::Store(s.home(), "replaced-" + s.active->fingerprint, s.active->key);
    Keyring::Store(s.home(), kActiveRole, key);
    s.source = KeySourceKind::kKeyring;
    s.active = s.Remember(std::move(key), s.source, Keyring::Label(s.home(), kActiveRole));
    return *s.active;
  }
  if (auto old = ReadKeyFile(s.key_file())) {
    auto kept = s.options.config_dir / (".secret_key.replaced-" + KeyFingerprint(old->Reveal()));
    MoveKeyFile(s.key_file(), kept);
  }
  if (!CreateKeyFile(s.key_file(), key))
    throw Error(ErrorCode::kConflict,
                "another process created " + s.key_file().string() + " at the same moment");
  s.source = KeySourceKind::kFile;
  s.active = s.Remember(std::move(key), s.source, s.key_file().string());
  return *s.active;
}

}  // namespace ff::crypto
