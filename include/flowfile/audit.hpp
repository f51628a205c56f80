// The audit log: who created, updated, deleted, read or tested what, and the outcome.
// Never a value: events carry names and kinds only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ff {

class Store;

struct AuditEvent {
  int64_t id = 0;
  std::string time;         //!< ISO-8601 UTC, millisecond precision
  std::string actor;        //!< "python:root", "cli:alice", ...
  std::string action;       //!< create | update | delete | read | test | rotate | export | import
  std::string object_kind;  //!< database_connection | cloud_connection | secret | master_key
  std::string object_name;
  std::string outcome;  //!< ok | error: <message without values>
};

class AuditLog {
 public:
  AuditLog(Store& store, std::string actor);
  //! Never throws: an event that cannot be written (read-only home, full disk) is reported
  //! through ff::Warn (stderr by default) with the reason.
  void Record(std::string_view action, std::string_view object_kind, std::string_view object_name,
              std::string_view outcome = "ok");
  //! Newest first.
  std::vector<AuditEvent> List(size_t limit = 100, std::string_view object_name = {});
  const std::string& actor() const { return actor_; }

 private:
  void Insert(std::string_view action, std::string_view object_kind, std::string_view object_name,
              std::string_view outcome);
  Store& store_;
  std::string actor_;
};

}  // namespace ff
