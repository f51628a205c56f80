#include "flowfile/warnings.hpp"

#include <cstdio>
#include <mutex>
#include <utility>

namespace ff {
namespace {

std::mutex& HandlerMutex() {
  static std::mutex mutex;
  return mutex;
}

std::function<void(const std::string&)>& Handler() {
  static std::function<void(const std::string&)> handler;
  return handler;
}

}  // namespace

void Warn(std::string_view message) {
  std::function<void(const std::string&)> handler;
  {
    std::lock_guard lock(HandlerMutex());
    handler = Handler();
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
  std::lock_guard lock(HandlerMutex());
  return std::exchange(Handler(), std::move(handler));
}

}  // namespace ff
