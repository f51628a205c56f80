#include <unistd.h>

#include "audit/audited.hpp"
#include "crypto/master_key.hpp"
#include "flowfile/keys.hpp"
#include "keys/key_state.hpp"
#include "keys/reseal.hpp"
#include "keys/rotation_lock.hpp"
#include "store/store.hpp"

namespace ff {
namespace {

constexpr std::string_view kKeyAuditKind = "master_key";
constexpr size_t kNamesShown = 20;

std::string JoinNames(const std::vector<std::string>& names, int64_t total) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  if (total > static_cast<int64_t>(names.size()))
    out += " and " + std::to_string(total - static_cast<int64_t>(names.size())) + " more";
  return out;
}

}  // namespace

KeyManager::KeyManager(Store& store, crypto::MasterKeyProvider& keys, AuditLog& audit)
    : store_(store), keys_(keys), audit_(audit) {}

KeyInfo KeyManager::Info() {
  KeyInfo info{std::string(crypto::KeySourceName(keys_.ActiveSource())), keys_.ActiveLocation(),
               keys_.HasActive() ? keys_.Active().fingerprint : "", 0};
  if (info.fingerprint.empty()) return info;
  auto lock = store_.Lock();
  info.secrets_encrypted = static_cast<size_t>(keys::SealedValuesUnder(store_, info.fingerprint));
  return info;
}

KeyStatus KeyManager::Status() {
  KeyStatus status;
  status.active = Info();
  keys::KeyState state;
  std::vector<keys::KeyUse> uses;
  {
    auto lock = store_.Lock();
    state = keys::ReadKeyState(store_);
    uses = keys::KeysInUse(store_);
  }
  status.current_fingerprint = state.current.value_or("");
  for (const auto& use : uses)
    status.keys_in_use.push_back(
        {use.fingerprint, use.values, keys_.Resolve(use.fingerprint) != nullptr});
  if (state.rotation) {
    keys::RotationLock probe(keys_.home());
    status.rotation =
        RotationInProgress{state.rotation->from,       state.rotation->to,    state.rotation->phase,
                           state.rotation->started_at, state.rotation->actor, !probe.TryAcquire()};
  }
  if (const auto* staged = keys_.StagedKey()) status.staged_fingerprint = staged->fingerprint;
  return status;
}

KeyInitResult KeyManager::Init(bool force) {
  return Audited(audit_, force ? "init --force" : "init", kKeyAuditKind, "master_key", [&] {
    keys::RotationLock lock(keys_.home());
    lock.Acquire(std::chrono::seconds(60));
    KeyInitResult result;
    std::vector<keys::KeyUse> lost;
    {
      auto store_lock = store_.Lock();
      for (const auto& use : keys::KeysInUse(store_))
        if (keys_.Resolve(use.fingerprint) == nullptr) lost.push_back(use);
      for (const auto& use : lost) {
        result.unreadable += use.values;
        for (auto& name : keys::ValuesUnder(store_, use.fingerprint, kNamesShown))
          result.unreadable_names.push_back(std::move(name));
      }
    }
    if (!force) {
      if (result.unreadable > 0)
        throw Error(ErrorCode::kInvalidArgument,
                    "the store holds " + std::to_string(result.unreadable) +
                        " value(s) sealed with a master key this process does not have (" +
                        JoinNames(result.unreadable_names, result.unreadable) +
                        "); restore that key, or run `flowfile key init --force` to start a new "
                        "key and leave them unreadable");
      if (keys_.HasActive())
        throw Error(ErrorCode::kAlreadyExists,
                    "this home already has a master key (" + keys_.Active().fingerprint + " in " +
                        keys_.ActiveLocation() + "); `flowfile key rotate` replaces it safely");
    }
    if (keys_.HasActive()) result.replaced_fingerprint = keys_.Active().fingerprint;
    const auto& key = keys_.ReplaceActiveKey();
    result.fingerprint = key.fingerprint;
    // Values under the key that was set aside stay readable only through the kept file:
    // re-seal them now so the new key is the only one the store needs.
    store_.Transaction([&] {
      keys::WriteRotation(store_, std::nullopt);
      keys::WriteCurrent(store_, key.fingerprint);
    });
    keys::ResealAll(store_, keys_, key, /*skip_unreadable=*/true);
    return result;
  });
}

}  // namespace ff
