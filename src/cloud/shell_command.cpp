#include "cloud/shell_command.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

constexpr size_t kMaxOutput = 1 << 20;  // credentials are a few KiB; more is not an answer

// Reads what is ready on `fd` into `out`; false at end of file.
bool ReadAvailable(int fd, std::string& out) {
  char buffer[4096];
  ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n > 0 && out.size() < kMaxOutput) out.append(buffer, static_cast<size_t>(n));
  OPENSSL_cleanse(buffer, sizeof buffer);
  return n > 0;
}

}  // namespace

ShellResult RunShellCommand(const std::string& command, std::chrono::milliseconds timeout) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    throw Error(ErrorCode::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw Error(ErrorCode::kIo, std::string("cannot start /bin/sh: ") + std::strerror(errno));
  }
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    ::setpgid(0, 0);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  ::setpgid(pid, pid);  // also from here: whichever runs first makes the group

  ShellResult result;
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    pollfd ready{pipe_fds[0], POLLIN, 0};
    int n = ::poll(&ready, 1, static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR) break;
    if (n > 0 && !ReadAvailable(pipe_fds[0], output)) break;
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.output = Secret::Adopt(output);
  return result;
}

}  // namespace ff::cloud
