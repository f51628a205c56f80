#include "flowfile/warnings.hpp"

#include <cstdio>
#include <mutex>
#include <utility>

namespace ff {
namespace {

std::mutex& WarningHandlerMutex() {
  static std::mutex mutex;
  return mutex;
}

std::function<void(const std::string&)>& WarningHandler() {
  static std::function<void(const std::string&)> handler;
  return handler;
}

}  // namespace

void Warn(std::string_view message) {
  std::function<void(const std::string&)> handler;
  {
    std::lock_guard lock(WarningHandlerMutex());
    handler = WarningHandler();
  }
  if (handler) {
    handler(std::string(message));
    return;
  }
  std::fprintf(stderr, "flowfile: warning: %.*s\n", static_cast<int>(message.size()),
               message.data());
}

std::function<void(const std::string&)> SetWarningHandler(
    std::function<void(const std::string&)> handler) {
  std::lock_guard lock(WarningHandlerMutex());
  return std::exchange(WarningHandler(), std::move(handler));
}

}  // namespace ff
