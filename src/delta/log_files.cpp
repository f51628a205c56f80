#include "delta/log_files.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;

bool AllDigits(const std::string& text) {
  if (text.empty()) return false;
  for (char ch : text) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A log file's 20-digit version; one beyond int64 cannot be a real commit, so it is refused
// by name rather than guessed at.
int64_t ParseVersion(const std::string& digits, const std::string& path) {
  int64_t version = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                "Delta log file '" + path + "' has a version beyond " +
                    std::to_string(std::numeric_limits<int64_t>::max()) +
                    "; the Delta log is damaged");
  }
  return version;
}

struct PartSet {
  std::map<int64_t, std::string> parts;  // part number -> path
};

}  // namespace

std::string NormalizeTableRoot(const std::string& path) {
  std::string root = fs::absolute(fs::path(path)).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

std::string CommitFileName(int64_t version) {
  std::string digits = std::to_string(version);
  return std::string(20 - std::min<size_t>(20, digits.size()), '0') + digits + ".json";
}

LogListing ListLog(const std::string& table_root) {
  LogListing listing;
  listing.log_dir = table_root + "/_delta_log";
  std::error_code ec;
  if (!fs::is_directory(listing.log_dir, ec)) return listing;
  std::map<int64_t, std::string> classic;
  std::map<int64_t, std::vector<std::string>> v2;
  std::map<std::pair<int64_t, int64_t>, PartSet> multipart;  // (version, part count)
  for (const auto& entry : fs::directory_iterator(listing.log_dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (name.size() < 21 || !AllDigits(name.substr(0, 20)) || name[20] != '.') continue;
    const int64_t version = ParseVersion(name.substr(0, 20), entry.path().string());
    const std::string rest = name.substr(21);
    const std::string path = entry.path().string();
    if (rest == "json") {
      listing.commits[version] = path;
    } else if (rest == "checkpoint.parquet") {
      classic[version] = path;
    } else if (rest.rfind("checkpoint.", 0) == 0) {
      const std::string tail = rest.substr(11);
      // multi-part: <10 digits>.<10 digits>.parquet; V2: <uuid>.json|.parquet
      if (tail.size() == 29 && EndsWith(tail, ".parquet") && tail[10] == '.' &&
          AllDigits(tail.substr(0, 10)) && AllDigits(tail.substr(11, 10))) {
        const int64_t part = std::stoll(tail.substr(0, 10));
        const int64_t count = std::stoll(tail.substr(11, 10));
        multipart[{version, count}].parts[part] = path;
      } else if (EndsWith(tail, ".json") || EndsWith(tail, ".parquet")) {
        v2[version].push_back(path);
      }
    }
  }
  for (const auto& [version, path] : classic) {
    listing.checkpoints.push_back({version, CheckpointRef::Kind::kClassic, {path}});
  }
  for (const auto& [key, set] : multipart) {
    if (static_cast<int64_t>(set.parts.size()) != key.second) continue;  // incomplete set
    bool contiguous = set.parts.begin()->first == 1 && set.parts.rbegin()->first == key.second;
    if (!contiguous) continue;
    CheckpointRef ref{key.first, CheckpointRef::Kind::kMultiPart, {}};
    for (const auto& [part, path] : set.parts) ref.paths.push_back(path);
    listing.checkpoints.push_back(std::move(ref));
  }
  for (auto& [version, paths] : v2) {
    std::sort(paths.begin(), paths.end());  // any one of them is complete; pick deterministically
    listing.checkpoints.push_back({version, CheckpointRef::Kind::kV2, {paths.front()}});
  }
  std::stable_sort(
      listing.checkpoints.begin(), listing.checkpoints.end(),
      [](const CheckpointRef& a, const CheckpointRef& b) { return a.version < b.version; });
  return listing;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, "cannot read '" + path + "'");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int64_t FileModifiedMs(const std::string& path) {
  std::error_code ec;
  const auto time = fs::last_write_time(path, ec);
  if (ec) return 0;
  const auto system = std::chrono::file_clock::to_sys(time);
  return std::chrono::duration_cast<std::chrono::milliseconds>(system.time_since_epoch()).count();
}

}  // namespace ff::delta
