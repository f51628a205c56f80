#include "engine/session.hpp"

#include "flowfile/errors.hpp"

namespace ff::engine {
namespace {

[[noreturn]] void Rethrow(const Error& error, const std::string& what) {
  throw Error(error.code(), "DuckDB failed on " + what + ": " + error.what());
}

}  // namespace

Session::Session() : connection_(Engine::Get().Connect()) {}

Session::~Session() = default;

void Session::Execute(const std::string& sql, const std::string& what) {
  try {
    connection_->Execute(sql);
  } catch (const Error& e) {
    Rethrow(e, what);
  }
}

std::vector<TextRow> Session::QueryText(const std::string& sql, const std::string& what) {
  try {
    return connection_->QueryText(sql);
  } catch (const Error& e) {
    Rethrow(e, what);
  }
}

}  // namespace ff::engine
