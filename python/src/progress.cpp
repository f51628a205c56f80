// Progress for a Python front end that draws it itself (a notebook): the core's updates are
// kept, the latest one per task, until Python takes them. Engine threads never call Python
// (the thread holding the GIL may be waiting on them); a Python thread polls instead.
#include "flowfile/progress.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "bindings.hpp"

namespace py = pybind11;

namespace flowfile_py {
namespace {

using Clock = std::chrono::steady_clock;

struct Kept {
  ff::ProgressUpdate update;
  double seconds = 0;  // how long the task had run at this update
};

struct Pending {
  std::mutex mutex;
  std::vector<Kept> updates;                         // in order of the tasks' first report
  std::map<std::string, size_t> latest;              // task -> its entry in `updates`
  std::map<std::string, Clock::time_point> started;  // running tasks, across takes
};

// Shared with the handler, which may outlive a module teardown on an engine thread.
const std::shared_ptr<Pending>& State() {
  static const auto state = std::make_shared<Pending>();
  return state;
}

void Keep(Pending& pending, const ff::ProgressUpdate& update) {
  std::lock_guard lock(pending.mutex);
  const Clock::time_point now = Clock::now();
  auto [start, fresh] = pending.started.try_emplace(update.task, now);
  const Kept kept{update, std::chrono::duration<double>(now - start->second).count()};
  if (update.finished) pending.started.erase(start);
  auto found = pending.latest.find(update.task);
  if (found != pending.latest.end() && !pending.updates[found->second].update.finished) {
    pending.updates[found->second] = kept;  // only the newest state of a running task
    return;
  }
  pending.latest[update.task] = pending.updates.size();
  pending.updates.push_back(kept);
}

const char* UnitName(ff::ProgressUnit unit) {
  switch (unit) {
    case ff::ProgressUnit::kRows: return "rows";
    case ff::ProgressUnit::kPercent: return "percent";
    default: return "bytes";
  }
}

}  // namespace

void RegisterProgress(py::module_& m) {
  m.def(
      "show_progress",
      [](bool on) {
        ff::SetProgressHandler(on ? ff::TerminalProgressBar(2) : ff::ProgressHandler());
      },
      "Draw a progress line on stderr (fd 2) for long work, or stop drawing it.");
  m.def(
      "keep_progress",
      []() {
        std::shared_ptr<Pending> state = State();
        ff::SetProgressHandler([state](const ff::ProgressUpdate& u) { Keep(*state, u); });
      },
      "Keep the core's progress updates for take_progress() (instead of drawing them).");
  m.def(
      "take_progress",
      []() {
        std::vector<Kept> taken;
        {
          Pending& pending = *State();
          std::lock_guard lock(pending.mutex);
          taken.swap(pending.updates);
          pending.latest.clear();
        }
        py::list out;
        for (const auto& [u, seconds] : taken) {
          py::dict d;
          d["task"] = u.task;
          d["done"] = u.done;
          d["total"] = u.total ? py::object(py::int_(*u.total)) : py::object(py::none());
          d["unit"] = UnitName(u.unit);
          d["finished"] = u.finished;
          d["seconds"] = seconds;
          d["line"] = ff::ProgressLine(u, seconds);  // the terminal bar's text
          out.append(d);
        }
        return out;
      },
      "The progress updates kept since the last call, the latest per task, oldest task first.");
  m.def("progress_quiet_seconds", &ff::ProgressQuietSeconds,
        "How long work runs before its bar appears (FLOWFILE_PROGRESS_AFTER_MS, else 0.5 s).");
}

}  // namespace flowfile_py
