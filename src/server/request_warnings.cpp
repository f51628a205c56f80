#include "request_warnings.hpp"

#include "flowfile/warnings.hpp"

namespace ff::server {
namespace {

thread_local std::vector<std::string>* capture = nullptr;

}  // namespace

std::function<void(const std::string&)> InstallWarningHandler(std::ostream* log,
                                                              std::mutex* log_mutex) {
  return SetWarningHandler([log, log_mutex](const std::string& message) {
    if (capture != nullptr) capture->push_back(message);
    if (log != nullptr) {
      std::lock_guard lock(*log_mutex);
      *log << "ui: warning: " << message << std::endl;
    }
  });
}

WarningCapture::WarningCapture() : previous_(capture) { capture = &warnings_; }

WarningCapture::~WarningCapture() { capture = previous_; }

}  // namespace ff::server
