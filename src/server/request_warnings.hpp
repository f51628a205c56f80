// Core warnings (ff::Warn) raised while a request runs go back with its reply, as
// "warnings": ["..."] in an object body, so the page can show them; every warning also goes
// to the server log. A request runs on one thread, so the capture is per thread.
#pragma once

#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace ff::server {

//! Routes ff::Warn to the capture of the calling thread (if any) and to `log` (if set).
//! Call once, before serving. Returns the handler it replaced (to restore afterwards).
std::function<void(const std::string&)> InstallWarningHandler(std::ostream* log,
                                                              std::mutex* log_mutex);

//! Collects the warnings of the current thread while it lives.
class WarningCapture {
 public:
  WarningCapture();
  ~WarningCapture();
  WarningCapture(const WarningCapture&) = delete;
  WarningCapture& operator=(const WarningCapture&) = delete;
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  std::vector<std::string> warnings_;
  std::vector<std::string>* previous_;
};

}  // namespace ff::server
