// Run an operation and record it in the audit log with its outcome, success or failure.
// The outcome of a failure is the error message, which by the error contract carries no
// secret values.
#pragma once

#include <string_view>
#include <utility>

#include "flowfile/audit.hpp"
#include "flowfile/errors.hpp"

namespace ff {

template <class Body>
auto Audited(AuditLog& audit, std::string_view action, std::string_view kind, std::string_view name,
             Body&& body) -> decltype(body()) {
  try {
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      audit.Record(action, kind, name, "ok");
    } else {
      auto result = body();
      audit.Record(action, kind, name, "ok");
      return result;
    }
  } catch (const Error& e) {
    audit.Record(action, kind, name, std::string("error: ") + e.what());
    throw;
  }
}

}  // namespace ff
