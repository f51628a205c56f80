#include "delta/path_codec.hpp"

#include <cctype>
#include <filesystem>

#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

bool HasScheme(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos || colon < 2) return false;  // "C:" is not a scheme here
  for (size_t i = 0; i < colon; ++i) {
    const char ch = text[i];
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '+' && ch != '-' && ch != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string PercentEncodePath(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    // RFC 3986 path characters stay literal (as Spark's URI form keeps "col=value/").
    static const std::string kKept = "-._~/!$&'()*+,;=:@";
    if (std::isalnum(ch) || kKept.find(static_cast<char>(ch)) != std::string::npos) {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

bool IsAbsoluteUri(const std::string& decoded) {
  return (!decoded.empty() && decoded.front() == '/') || HasScheme(decoded);
}

std::string LocalPathFromUri(const std::string& decoded) {
  if (!HasScheme(decoded)) return decoded;
  if (decoded.rfind("file:", 0) == 0) {
    std::string rest = decoded.substr(5);
    if (rest.rfind("//", 0) == 0) rest = rest.substr(2);  // file://host/path: host must be empty
    if (rest.empty() || rest.front() != '/') {
      throw Error(ErrorCode::kUnsupported, "file URI with a host is not supported: " + decoded);
    }
    return rest;
  }
  throw Error(ErrorCode::kUnsupported,
              "data file '" + decoded + "' is on a remote store; only local paths are supported");
}

std::string ResolveDataPath(const std::string& table_root, const std::string& log_path) {
  const std::string decoded = PercentDecode(log_path);
  const std::string local =
      IsAbsoluteUri(decoded) ? LocalPathFromUri(decoded) : table_root + "/" + decoded;
  return InsideTable(table_root, local, log_path);
}

std::string InsideTable(const std::string& table_root, const std::string& local,
                        const std::string& log_path) {
  namespace fs = std::filesystem;
  // Lexical, as Delta readers resolve URIs: a log may name only files under its own table,
  // never another table's files or arbitrary ones ("../../etc/x", "file:///elsewhere").
  const fs::path path = fs::path(local).lexically_normal();
  const fs::path relative = path.lexically_relative(fs::path(table_root).lexically_normal());
  if (relative.empty() || relative == "." || *relative.begin() == "..") {
    throw Error(ErrorCode::kInvalidArgument,
                "Delta table '" + table_root + "' names the file '" + log_path +
                    "', which is outside the table root; refused (a log path must be relative "
                    "without leaving the table, or an absolute URI inside the table)");
  }
  return path.string();
}

}  // namespace ff::delta
