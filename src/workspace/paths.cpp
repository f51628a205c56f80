#include <cstdlib>

#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"

namespace ff {

std::filesystem::path DefaultConfigDir() {
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  if (auto home = env("FLOWFILE_HOME"); !home.empty()) return home;
  if (auto xdg = env("XDG_CONFIG_HOME"); !xdg.empty())
    return std::filesystem::path(xdg) / "flowfile";
  if (auto home = env("HOME"); !home.empty())
    return std::filesystem::path(home) / ".config" / "flowfile";
  throw Error(ErrorCode::kInvalidArgument,
              "cannot find a config directory: set FLOWFILE_HOME, XDG_CONFIG_HOME or HOME");
}

}  // namespace ff
