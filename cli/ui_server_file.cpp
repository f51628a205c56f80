#include "ui_server_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "flowfile/errors.hpp"

namespace ff::cli {
namespace fs = std::filesystem;

namespace {

std::string RunningServer(const fs::path& dir) {
  std::ifstream file(dir / "server.json");
  const auto info = nlohmann::json::parse(file, nullptr, false);
  if (info.is_discarded() || !info.is_object()) return "";
  return " (pid " + std::to_string(info.value("pid", 0)) + ", port " +
         std::to_string(info.value("port", 0)) + ")";
}

}  // namespace

UiServerFile::UiServerFile(const fs::path& home) : dir_(home / "ui") {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, ec);
  const fs::path lock = dir_ / "server.lock";
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (lock_fd_ < 0) {
    throw Error(ErrorCode::kIo,
                "cannot open " + lock.string() + " (is the Flowfile home writable?)");
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw Error(ErrorCode::kConflict, "a Flowfile UI already runs for the home " + home.string() +
                                          RunningServer(dir_) + "; use it (its URL is in " +
                                          (dir_ / "server.json").string() + ") or stop it first");
  }
}

UiServerFile::~UiServerFile() {
  std::error_code ec;
  if (published_) fs::remove(dir_ / "server.json", ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

void UiServerFile::Publish(int port, const std::string& url) {
  const auto token_at = url.find("token=");
  const nlohmann::json info = {
      {"pid", static_cast<int64_t>(::getpid())},
      {"port", port},
      {"url", url},
      {"token", token_at == std::string::npos ? "" : url.substr(token_at + 6)}};
  const std::string text = info.dump(2) + "\n";
  const fs::path temp = dir_ / "server.json.tmp";
  const fs::path file = dir_ / "server.json";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(ErrorCode::kIo, "cannot write " + file.string());
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::fchmod(fd, 0600);
  ::close(fd);
  std::error_code ec;
  if (!written) {
    fs::remove(temp, ec);
    throw Error(ErrorCode::kIo, "cannot write " + file.string() + " (disk full?)");
  }
  fs::rename(temp, file);
  published_ = true;
}

}  // namespace ff::cli
