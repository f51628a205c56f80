#include "crypto/master_key.hpp"

#include <fcntl.h>
#include <openssl/sha.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "crypto/fernet.hpp"
#include "crypto/key_file.hpp"
#include "crypto/keyring.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

constexpr const char* kEnvKey = "FLOWFILE_MASTER_KEY";
constexpr const char* kEnvPrevious = "FLOWFILE_MASTER_KEY_PREVIOUS";
constexpr const char* kExpected =
    "expected a Fernet key: 44 characters of url-safe base64 encoding 32 bytes";

std::string Trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front())
    text = text.substr(1, text.size() - 2);
  return std::string(text);
}

// A key from the environment; nullopt when the variable is unset or empty.
std::optional<Secret> KeyFromEnvironment(const char* variable) {
  const char* raw = std::getenv(variable);
  if (raw == nullptr || *raw == '\0') return std::nullopt;
  std::string text = Trimmed(raw);
  if (!IsValidFernetKey(text))  // never echo the value: it may be a real key, mistyped
    throw Error(ErrorCode::kInvalidArgument,
                std::string(variable) + " is set but is not a valid key; " + kExpected);
  return Secret::Adopt(text);
}

Secret Checked(std::optional<Secret> key, const std::string& where) {
  if (!key || !IsValidFernetKey(key->Reveal()))
    throw Error(ErrorCode::kCrypto, "the master key in " + where + " is malformed; " + kExpected);
  return std::move(*key);
}

MasterKey Make(Secret key, KeySourceKind source, std::string location) {
  std::string fingerprint = KeyFingerprint(key.Reveal());
  return MasterKey{std::move(key), std::move(fingerprint), source, std::move(location)};
}

bool KeyringWanted(const KeyProviderOptions& options) {
  const char* off = std::getenv("FLOWFILE_KEYRING");
  return options.use_keyring && !(off && std::string_view(off) == "0");
}

// Serialises key creation between processes sharing a home (flock on a lock file).
class CreationLock {
 public:
  explicit CreationLock(const std::filesystem::path& dir) {
    fd_ = ::open((dir / ".key.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~CreationLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  CreationLock(const CreationLock&) = delete;
  CreationLock& operator=(const CreationLock&) = delete;

 private:
  int fd_ = -1;
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
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

struct MasterKeyProvider::State {
  KeyProviderOptions options;
  std::optional<MasterKey> active;
  std::optional<MasterKey> staged;
  std::vector<MasterKey> previous;
  std::filesystem::path key_file() const { return options.config_dir / ".secret_key"; }
  std::filesystem::path next_file() const { return options.config_dir / ".secret_key.next"; }
  std::string home() const { return options.config_dir.string(); }
};

MasterKeyProvider::MasterKeyProvider(KeyProviderOptions options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.options = std::move(options);
  if (auto previous = KeyFromEnvironment(kEnvPrevious))
    s.previous.push_back(Make(std::move(*previous), KeySourceKind::kEnvironment, kEnvPrevious));

  if (auto key = KeyFromEnvironment(kEnvKey)) {
    s.active = Make(std::move(*key), KeySourceKind::kEnvironment, kEnvKey);
    return;
  }
  std::error_code ec;
  if (std::filesystem::exists(s.options.docker_secret, ec)) {
    // Docker mounts secrets world-readable inside the container: no permission check.
    std::ifstream in(s.options.docker_secret);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = Trimmed(text);
    s.active = Make(Checked(Secret::Adopt(text), s.options.docker_secret.string()),
                    KeySourceKind::kDockerSecret, s.options.docker_secret.string());
    return;
  }
  bool keyring = KeyringWanted(s.options) && Keyring::Available();
  auto load_existing = [&]() -> bool {
    if (keyring) {
      if (auto key = Keyring::Lookup(s.home(), "active")) {
        s.active = Make(Checked(std::move(key), "the keyring"), KeySourceKind::kKeyring,
                        Keyring::Label(s.home(), "active"));
        if (auto next = Keyring::Lookup(s.home(), "next"))
          s.staged = Make(Checked(std::move(next), "the keyring"), KeySourceKind::kKeyring,
                          Keyring::Label(s.home(), "next"));
        return true;
      }
    }
    if (auto key = ReadKeyFile(s.key_file())) {
      s.active = Make(Checked(std::move(key), s.key_file().string()), KeySourceKind::kFile,
                      s.key_file().string());
      if (auto next = ReadKeyFile(s.next_file()))
        s.staged = Make(Checked(std::move(next), s.next_file().string()), KeySourceKind::kFile,
                        s.next_file().string());
      return true;
    }
    return false;
  };
  if (load_existing()) return;
  CreationLock lock(s.options.config_dir);
  if (load_existing()) return;  // another process created it while we waited
  std::string text = GenerateFernetKey();
  Secret key = Secret::Adopt(text);
  if (keyring) {
    Keyring::Store(s.home(), "active", key);
    s.active = Make(std::move(key), KeySourceKind::kKeyring, Keyring::Label(s.home(), "active"));
  } else {
    CreateKeyFile(s.key_file(), key);
    s.active = Make(std::move(key), KeySourceKind::kFile, s.key_file().string());
  }
}

MasterKeyProvider::~MasterKeyProvider() = default;

const MasterKey& MasterKeyProvider::Active() const { return *state_->active; }

std::vector<const MasterKey*> MasterKeyProvider::KnownKeys() const {
  std::vector<const MasterKey*> keys = {&*state_->active};
  if (state_->staged) keys.push_back(&*state_->staged);
  for (const auto& k : state_->previous) keys.push_back(&k);
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
                  "the master key comes from FLOWFILE_MASTER_KEY, which Flowfile cannot change; "
                  "to rotate, set FLOWFILE_MASTER_KEY_PREVIOUS to the current key and "
                  "FLOWFILE_MASTER_KEY to a new one, then re-save the credentials "
                  "(or move the key to the keyring or the key file and rotate there)");
    case KeySourceKind::kDockerSecret:
      throw Error(ErrorCode::kUnsupported,
                  "the master key comes from the Docker secret " + s.active->location +
                      ", which Flowfile cannot change; replace the secret and pass the old key as "
                      "FLOWFILE_MASTER_KEY_PREVIOUS");
    default: break;
  }
  std::string text = GenerateFernetKey();
  Secret key = Secret::Adopt(text);
  if (s.active->source == KeySourceKind::kKeyring) {
    Keyring::Store(s.home(), "next", key);
    s.staged = Make(std::move(key), KeySourceKind::kKeyring, Keyring::Label(s.home(), "next"));
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
    Keyring::Store(s.home(), "active", s.staged->key);
    Keyring::Clear(s.home(), "next");
    s.staged->location = Keyring::Label(s.home(), "active");
  } else {
    // rename() replaces the old key atomically: readers see the old or the new, never none.
    if (::rename(s.next_file().c_str(), s.key_file().c_str()) != 0 && errno != ENOENT)
      throw Error(ErrorCode::kIo, "cannot move the new key into " + s.key_file().string());
    s.staged->location = s.key_file().string();
  }
  s.active = std::move(s.staged);
  s.staged.reset();
}

void MasterKeyProvider::DiscardNextKey() {
  State& s = *state_;
  if (s.active->source == KeySourceKind::kKeyring)
    Keyring::Clear(s.home(), "next");
  else
    ::unlink(s.next_file().c_str());
  s.staged.reset();
}

bool MasterKeyProvider::HasStagedKey() const { return state_->staged.has_value(); }
const MasterKey* MasterKeyProvider::StagedKey() const {
  return state_->staged ? &*state_->staged : nullptr;
}

}  // namespace ff::crypto
