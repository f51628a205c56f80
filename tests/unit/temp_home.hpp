// A Flowfile home in a fresh temporary directory, removed afterwards.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include "flowfile/workspace.hpp"

namespace ff::test_support {

class TempHome {
 public:
  TempHome() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ffhome-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
    ::setenv("FLOWFILE_KEYRING", "0", 1);
    ::unsetenv("FLOWFILE_MASTER_KEY");
  }
  ~TempHome() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  //! The home itself (not yet created by Flowfile: a subfolder of the temp dir).
  std::filesystem::path dir() const { return path_ / "home"; }
  std::shared_ptr<Workspace> Open() const {
    return Workspace::Open({.config_dir = dir(), .actor = "test:unit", .use_keyring = false});
  }

 private:
  std::filesystem::path path_;
};

}  // namespace ff::test_support
