#include "flowfile/progress.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <utility>

namespace ff {
namespace {

std::mutex& HandlerMutex() {
  static std::mutex mutex;
  return mutex;
}

// Shared so a report in flight keeps its handler alive while another thread replaces it.
std::shared_ptr<const ProgressHandler>& Handler() {
  static std::shared_ptr<const ProgressHandler> handler;
  return handler;
}

std::atomic<bool>& Wanted() {
  static std::atomic<bool> wanted{false};
  return wanted;
}

thread_local std::string current_task;

}  // namespace

ProgressHandler SetProgressHandler(ProgressHandler handler) {
  std::lock_guard lock(HandlerMutex());
  auto previous = Handler();
  Wanted() = static_cast<bool>(handler);
  Handler() = handler ? std::make_shared<const ProgressHandler>(std::move(handler)) : nullptr;
  return previous ? *previous : ProgressHandler();
}

bool ProgressWanted() { return Wanted().load(std::memory_order_relaxed); }

void ReportProgress(const ProgressUpdate& update) {
  if (!ProgressWanted()) return;
  std::shared_ptr<const ProgressHandler> handler;
  {
    std::lock_guard lock(HandlerMutex());
    handler = Handler();
  }
  if (handler) (*handler)(update);
}

ProgressTaskScope::ProgressTaskScope(std::string task)
    : previous_(std::exchange(current_task, std::move(task))) {}

ProgressTaskScope::~ProgressTaskScope() { current_task = std::move(previous_); }

std::string ProgressTaskScope::Current() { return current_task.empty() ? "query" : current_task; }

}  // namespace ff
