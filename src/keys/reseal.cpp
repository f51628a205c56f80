#include "keys/reseal.hpp"

#include <csignal>
#include <cstdlib>

#include "crypto/envelope.hpp"
#include "crypto/master_key.hpp"
#include "flowfile/errors.hpp"
#include "keys/key_state.hpp"
#include "secrets/vault.hpp"
#include "store/store.hpp"

namespace ff::keys {
namespace {

constexpr int64_t kBatch = 500;

struct Row {
  int64_t id, user_id;
  std::string envelope, fingerprint;
};

std::vector<Row> NextBatch(Store& store, std::string_view target, int64_t after) {
  auto s = store.Prepare(
      "SELECT id, user_id, encrypted_value, coalesce(key_fingerprint, '') FROM secrets "
      "WHERE encrypted_value IS NOT NULL AND key_fingerprint IS NOT ?1 AND id > ?2 "
      "ORDER BY id LIMIT ?3");
  s.Bind(1, target).Bind(2, after).Bind(3, kBatch);
  std::vector<Row> rows;
  while (s.Step()) rows.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3)});
  return rows;
}

// Fault injection for the crash-safety tests (FLOWFILE_FAULT=rotate:mid-transaction).
void MaybeDieMidTransaction() {
  const char* fault = std::getenv("FLOWFILE_FAULT");
  if (fault != nullptr && std::string_view(fault) == "rotate:mid-transaction") std::raise(SIGKILL);
}

}  // namespace

ResealOutcome ResealAll(Store& store, crypto::MasterKeyProvider& keys,
                        const crypto::MasterKey& target, bool skip_unreadable) {
  ResealOutcome outcome;
  Vault vault(store, keys);
  int64_t after = 0;
  for (;;) {
    bool more = false;
    store.Transaction([&] {
      auto rows = NextBatch(store, target.fingerprint, after);
      more = !rows.empty();
      for (size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        after = row.id;
        std::optional<Secret> plain;
        try {
          plain = vault.Open(row.envelope, row.fingerprint);
        } catch (const Error& e) {
          if (e.code() != ErrorCode::kCrypto) throw;
          std::string name = DescribeValue(store, row.id);
          if (!skip_unreadable)
            throw Error(ErrorCode::kCrypto, "cannot re-seal " + name + ": " + e.what());
          outcome.unreadable.push_back(std::move(name));
          continue;
        }
        store.Prepare("UPDATE secrets SET encrypted_value = ?2, key_fingerprint = ?3 WHERE id = ?1")
            .Bind(1, row.id)
            .Bind(2, crypto::SealSecret(target.key.Reveal(), row.user_id, plain->Reveal()))
            .Bind(3, target.fingerprint)
            .Run();
        ++outcome.resealed;
        if (i == rows.size() / 2) MaybeDieMidTransaction();
      }
    });
    if (!more) return outcome;
  }
}

std::vector<std::string> UnreadableValues(Store& store, crypto::MasterKeyProvider& keys,
                                          size_t limit) {
  std::vector<std::string> names;
  Vault vault(store, keys);
  int64_t after = 0;
  for (;;) {
    std::vector<Row> rows;
    {
      auto lock = store.Lock();
      rows = NextBatch(store, "", after);
    }
    if (rows.empty()) return names;
    for (const auto& row : rows) {
      after = row.id;
      try {
        vault.Open(row.envelope, row.fingerprint);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::kCrypto) throw;
        auto lock = store.Lock();
        if (names.size() < limit) names.push_back(DescribeValue(store, row.id));
      }
    }
  }
}

}  // namespace ff::keys
