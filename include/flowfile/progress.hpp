// Progress of long work (copies, queries, writes), for front ends to show. The core never
// draws anything itself: it reports to the one handler a front end installs.
//
// Contract:
//  - ReportProgress() may be called from any thread, often; with no handler installed it
//    costs one atomic load. Handlers must be thread-safe.
//  - `done` grows monotonically per task; `finished` is reported once, last, for tasks that
//    reported anything.
//  - TerminalProgressBar() draws one line on a terminal (stderr by default): task, a bar when
//    the total is known, percent, rate and ETA; at most ten redraws a second, only for work
//    that has run half a second (FLOWFILE_PROGRESS_AFTER_MS changes that), and the line is
//    cleared when the work ends.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ff {

enum class ProgressUnit { kBytes, kRows, kPercent };

struct ProgressUpdate {
  std::string task;  //!< what is running: "upload data.csv", "query 'Drop low-value rows'"
  uint64_t done = 0;
  std::optional<uint64_t> total;
  ProgressUnit unit = ProgressUnit::kBytes;
  bool finished = false;
};

using ProgressHandler = std::function<void(const ProgressUpdate&)>;

//! Installs `handler` (empty: none) and returns the previous one.
ProgressHandler SetProgressHandler(ProgressHandler handler);
//! True when a handler is installed (callers skip the bookkeeping otherwise).
bool ProgressWanted();
void ReportProgress(const ProgressUpdate& update);

//! The line-drawing handler described above, writing to file descriptor `fd`.
ProgressHandler TerminalProgressBar(int fd = 2);

//! The text of the bar TerminalProgressBar draws for `update` after `running_seconds` (task,
//! bar, percent, amount, rate, ETA), for front ends that draw it elsewhere (a notebook).
std::string ProgressLine(const ProgressUpdate& update, double running_seconds);
//! How long work runs before a bar appears: FLOWFILE_PROGRESS_AFTER_MS, else 0.5 s.
double ProgressQuietSeconds();

//! Names the work the engine reports on this thread ("collect 'Summary'"), for its lifetime.
class ProgressTaskScope {
 public:
  explicit ProgressTaskScope(std::string task);
  ~ProgressTaskScope();
  ProgressTaskScope(const ProgressTaskScope&) = delete;
  ProgressTaskScope& operator=(const ProgressTaskScope&) = delete;
  //! The innermost task named on this thread, or "query".
  static std::string Current();

 private:
  std::string previous_;
};

}  // namespace ff
