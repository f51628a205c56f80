#include "flowfile/audit.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/warnings.hpp"
#include "store/store.hpp"

namespace ff {

AuditLog::AuditLog(Store& store, std::string actor) : store_(store), actor_(std::move(actor)) {}

// An event that cannot be written (a read-only home, a full disk) must not hide the
// operation's own outcome, and must not vanish either: it becomes a warning.
void AuditLog::Record(std::string_view action, std::string_view object_kind,
                      std::string_view object_name, std::string_view outcome) {
  try {
    Insert(action, object_kind, object_name, outcome);
  } catch (const Error& e) {
    Warn("audit event not recorded (" + std::string(action) + " " + std::string(object_kind) +
         " '" + std::string(object_name) + "': " + std::string(outcome) + "): " + e.what());
  }
}

void AuditLog::Insert(std::string_view action, std::string_view object_kind,
                      std::string_view object_name, std::string_view outcome) {
  store_.Transaction([&] {
    store_
        .Prepare(
            "INSERT INTO audit_events (time, actor, action, object_kind, object_name, outcome) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .Bind(1, UtcNow())
        .Bind(2, actor_)
        .Bind(3, action)
        .Bind(4, object_kind)
        .Bind(5, object_name)
        .Bind(6, outcome)
        .Run();
  });
}

std::vector<AuditEvent> AuditLog::List(size_t limit, std::string_view object_name) {
  auto lock = store_.Lock();
  auto stmt = store_.Prepare(
      "SELECT id, time, actor, action, object_kind, object_name, outcome FROM audit_events "
      "WHERE ?1 = '' OR object_name = ?1 ORDER BY id DESC LIMIT ?2");
  stmt.Bind(1, object_name).Bind(2, static_cast<int64_t>(limit));
  std::vector<AuditEvent> events;
  while (stmt.Step())
    events.push_back({stmt.Int(0), stmt.Text(1), stmt.Text(2), stmt.Text(3), stmt.Text(4),
                      stmt.Text(5), stmt.Text(6)});
  return events;
}

}  // namespace ff
