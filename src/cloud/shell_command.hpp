// Running a user-configured command (an AWS credential_process) with a time limit: its
// standard output is captured (it holds credentials, so it is kept in an ff::Secret), its
// standard error passes through, and a command that outlives the limit is killed with its
// whole process group.
#pragma once

#include <chrono>
#include <string>

#include "flowfile/secret.hpp"

namespace ff::cloud {

struct ShellResult {
  Secret output;         //!< everything written to standard output
  int exit_status = -1;  //!< the exit status; -1 when killed by a signal
  bool timed_out = false;
};

//! Run `command` with /bin/sh -c. Throws Error(kIo) when the process cannot be started.
ShellResult RunShellCommand(const std::string& command, std::chrono::milliseconds timeout);

}  // namespace ff::cloud
