#include "keys/key_state.hpp"

#include "crypto/master_key.hpp"
#include "flowfile/errors.hpp"
#include "store/store.hpp"

namespace ff::keys {
namespace {

constexpr std::string_view kDescribedValues = R"sql(
  SELECT CASE s.owner_kind
           WHEN 'user' THEN 'secret ''' || s.name || ''''
           WHEN 'database_connection' THEN 'database connection ''' ||
             coalesce(d.connection_name, '#' || s.owner_id) || ''' field ' || s.field
           ELSE 'cloud connection ''' ||
             coalesce(c.connection_name, '#' || s.owner_id) || ''' field ' || s.field
         END
  FROM secrets s
  LEFT JOIN database_connections d ON s.owner_kind = 'database_connection' AND d.id = s.owner_id
  LEFT JOIN cloud_storage_connections c ON s.owner_kind = 'cloud_connection' AND c.id = s.owner_id
)sql";

std::optional<std::string> OptionalText(const Statement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return s.Text(column);
}

}  // namespace

KeyState ReadKeyState(Store& store) {
  auto s = store.Prepare(
      "SELECT current_fingerprint, rotation_from, rotation_to, rotation_phase, "
      "rotation_started_at, rotation_actor FROM key_state WHERE id = 1");
  KeyState state;
  if (!s.Step()) return state;
  state.current = OptionalText(s, 0);
  if (!s.IsNull(1))
    state.rotation = Rotation{s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)};
  return state;
}

void WriteCurrent(Store& store, std::string_view fingerprint) {
  store.Prepare("UPDATE key_state SET current_fingerprint = ?1, updated_at = ?2 WHERE id = 1")
      .Bind(1, fingerprint)
      .Bind(2, UtcNow())
      .Run();
}

void WriteRotation(Store& store, const std::optional<Rotation>& rotation) {
  auto s = store.Prepare(
      "UPDATE key_state SET rotation_from = ?1, rotation_to = ?2, rotation_phase = ?3, "
      "rotation_started_at = ?4, rotation_actor = ?5, updated_at = ?6 WHERE id = 1");
  if (rotation) {
    s.Bind(1, rotation->from)
        .Bind(2, rotation->to)
        .Bind(3, rotation->phase)
        .Bind(4, rotation->started_at)
        .Bind(5, rotation->actor);
  } else {
    for (int i = 1; i <= 5; ++i) s.BindNull(i);
  }
  s.Bind(6, UtcNow()).Run();
}

int64_t SealedValues(Store& store) {
  auto s = store.Prepare("SELECT count(*) FROM secrets WHERE encrypted_value IS NOT NULL");
  s.Step();
  return s.Int(0);
}

int64_t SealedValuesUnder(Store& store, std::string_view fingerprint) {
  auto s = store.Prepare(
      "SELECT count(*) FROM secrets WHERE encrypted_value IS NOT NULL AND key_fingerprint = ?1");
  s.Bind(1, fingerprint);
  s.Step();
  return s.Int(0);
}

std::vector<KeyUse> KeysInUse(Store& store) {
  auto s = store.Prepare(
      "SELECT coalesce(key_fingerprint, ''), count(*) FROM secrets "
      "WHERE encrypted_value IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1");
  std::vector<KeyUse> uses;
  while (s.Step()) uses.push_back({s.Text(0), s.Int(1)});
  return uses;
}

std::vector<std::string> ValuesUnder(Store& store, std::string_view fingerprint, size_t limit) {
  auto s = store.Prepare(std::string(kDescribedValues) +
                         " WHERE s.encrypted_value IS NOT NULL AND s.key_fingerprint = ?1 "
                         "ORDER BY s.id LIMIT ?2");
  s.Bind(1, fingerprint).Bind(2, static_cast<int64_t>(limit));
  std::vector<std::string> names;
  while (s.Step()) names.push_back(s.Text(0));
  return names;
}

std::string DescribeValue(Store& store, int64_t row_id) {
  auto s = store.Prepare(std::string(kDescribedValues) + " WHERE s.id = ?1");
  s.Bind(1, row_id);
  return s.Step() ? s.Text(0) : "value #" + std::to_string(row_id);
}

void ThrowMissingKey(Store& store, crypto::MasterKeyProvider& keys, std::string_view fingerprint,
                     std::string_view doing) {
  int64_t count = fingerprint.empty() ? 0 : SealedValuesUnder(store, fingerprint);
  std::string have =
      keys.HasActive()
          ? "this process has key " + keys.Active().fingerprint + " from " + keys.ActiveLocation()
          : "this process found no key: " + keys.ActiveLocation() + " does not exist";
  throw Error(ErrorCode::kCrypto,
              "cannot " + std::string(doing) + ": the store's values are sealed with master key " +
                  std::string(fingerprint) + " (" + std::to_string(count) + " value" +
                  (count == 1 ? "" : "s") + "), and " + have +
                  ". Restore that key: put the original key file back at " +
                  (keys.home() / ".secret_key").string() +
                  " (mode 0600), or set FLOWFILE_MASTER_KEY to it. `flowfile key status` shows "
                  "the keys the store needs; `flowfile key init --force` starts over with a new "
                  "key and leaves those values unreadable");
}

const crypto::MasterKey& SealingKey(Store& store, crypto::MasterKeyProvider& keys) {
  KeyState state = ReadKeyState(store);
  if (state.current) {
    if (const auto* key = keys.Resolve(*state.current)) return *key;
    // Nothing is sealed under the lost key: adopting ours loses nothing.
    if (keys.HasActive() && SealedValues(store) == 0) {
      WriteCurrent(store, keys.Active().fingerprint);
      return keys.Active();
    }
    ThrowMissingKey(store, keys, *state.current, "store a secret");
  }
  // A store written before the key state existed: its values use the key that sealed the
  // newest of them; an empty store takes the active key.
  auto newest = store.Prepare(
      "SELECT key_fingerprint FROM secrets WHERE encrypted_value IS NOT NULL "
      "ORDER BY updated_at DESC, id DESC LIMIT 1");
  std::string fingerprint;
  if (newest.Step())
    fingerprint = newest.Text(0);
  else
    fingerprint = keys.Active().fingerprint;
  if (keys.HasActive() && SealedValuesUnder(store, keys.Active().fingerprint) > 0)
    fingerprint = keys.Active().fingerprint;
  const auto* key = keys.Resolve(fingerprint);
  if (key == nullptr) ThrowMissingKey(store, keys, fingerprint, "store a secret");
  WriteCurrent(store, key->fingerprint);
  return *key;
}

}  // namespace ff::keys
