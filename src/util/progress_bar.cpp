// The one progress renderer: a single redrawn line on a terminal.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "flowfile/progress.hpp"

namespace ff {
namespace {

using Clock = std::chrono::steady_clock;

std::string Amount(double value, ProgressUnit unit) {
  char text[32];
  if (unit == ProgressUnit::kPercent) {
    std::snprintf(text, sizeof text, "%.0f%%", value);
    return text;
  }
  const char* const bytes[] = {"B", "KB", "MB", "GB", "TB"};
  const char* const rows[] = {"", "k", "M", "G", "T"};
  int scale = 0;
  while (value >= 1000 && scale < 4) value /= 1000, ++scale;
  const char* suffix = unit == ProgressUnit::kBytes ? bytes[scale] : rows[scale];
  std::snprintf(text, sizeof text, scale == 0 ? "%.0f %s" : "%.1f %s", value, suffix);
  return std::string(text) + (unit == ProgressUnit::kRows ? "rows" : "");
}

std::string Duration(double seconds) {
  char text[32];
  const long whole = static_cast<long>(seconds + 0.5);
  if (whole >= 3600) {
    std::snprintf(text, sizeof text, "%ldh%02ldm", whole / 3600, whole / 60 % 60);
  } else if (whole >= 60) {
    std::snprintf(text, sizeof text, "%ldm%02lds", whole / 60, whole % 60);
  } else {
    std::snprintf(text, sizeof text, "%lds", whole);
  }
  return text;
}

// "[#####---------------] " for a share of the work (clamped: an estimate may be passed).
std::string BarOf(double share) {
  const int filled = static_cast<int>(std::clamp(share, 0.0, 1.0) * 20);
  return "[" + std::string(filled, '#') + std::string(20 - filled, '-') + "] ";
}

class Bar {
 public:
  Bar(int fd, double quiet_seconds) : fd_(fd), quiet_seconds_(quiet_seconds) {}

  void operator()(const ProgressUpdate& update) {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    auto [it, fresh] = started_.try_emplace(update.task, now);
    if (update.finished) {
      started_.erase(it);
      if (drawn_) Write("\r\033[K");
      drawn_ = false;
      return;
    }
    const double running = std::chrono::duration<double>(now - it->second).count();
    // Quick work stays quiet; a drawn bar is refreshed ten times a second at most.
    if (running < quiet_seconds_ || (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)))
      return;
    last_draw_ = now;
    drawn_ = true;
    Write("\r\033[K" + ProgressLine(update, running));
  }

 private:
  void Write(const std::string& text) const {
    size_t at = 0;
    while (at < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + at, text.size() - at);
      if (n <= 0) return;  // a closed terminal: progress is best effort
      at += static_cast<size_t>(n);
    }
  }

  int fd_;
  double quiet_seconds_;
  std::mutex mutex_;
  std::map<std::string, Clock::time_point> started_;
  Clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace

std::string ProgressLine(const ProgressUpdate& update, double running) {
  std::string line = update.task + "  ";
  const double done = static_cast<double>(update.done);
  if (update.unit == ProgressUnit::kPercent) {
    line += BarOf(done / 100) + Amount(done, update.unit);
    if (done > 0) line += "  ETA " + Duration(running * (100 - done) / done);
    return line;
  }
  if (update.total && *update.total > 0) {
    const double share = done / static_cast<double>(*update.total);
    line += BarOf(share) + Amount(share * 100, ProgressUnit::kPercent) + "  ";
  }
  line += Amount(done, update.unit);
  if (update.total) line += " of " + Amount(static_cast<double>(*update.total), update.unit);
  const double rate = running > 0 ? done / running : 0;
  line += "  " + Amount(rate, update.unit) + "/s";
  if (update.total && rate > 0) {
    line += "  ETA " + Duration((static_cast<double>(*update.total) - done) / rate);
  }
  return line;
}

double ProgressQuietSeconds() {
  // FLOWFILE_PROGRESS_AFTER_MS: how long work runs before its bar appears (default 500).
  double quiet_seconds = 0.5;
  if (const char* after = std::getenv("FLOWFILE_PROGRESS_AFTER_MS")) {
    char* end = nullptr;
    const double ms = std::strtod(after, &end);
    if (end != after && ms >= 0) quiet_seconds = ms / 1000;
  }
  return quiet_seconds;
}

ProgressHandler TerminalProgressBar(int fd) {
  auto bar = std::make_shared<Bar>(fd, ProgressQuietSeconds());
  return [bar](const ProgressUpdate& update) { (*bar)(update); };
}

}  // namespace ff
