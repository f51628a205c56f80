#include "static_files.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include "router.hpp"

namespace ff::server {
namespace fs = std::filesystem;

namespace {

const char* kNotBuiltPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flowfile</title></head>
<body><h1>Flowfile</h1>
<p>The server runs, but the web front end is not built.</p>
<p>Build it with <code>scripts/setup</code> (it runs <code>npm ci</code> and the Vite build),
or start <code>flowfile ui --static DIR</code> with the folder holding the built
<code>index.html</code> (or set <code>FLOWFILE_WEB_DIR</code>).</p>
<p>The JSON API is at <code>/api/v1</code>; its description is
<code>/api/v1/openapi.json</code>.</p>
</body></html>
)";

std::string ContentType(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".wasm", "application/wasm"},
  };
  const auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool Inside(const fs::path& root, const fs::path& file) {
  const auto rel = file.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  if (!root.empty() && fs::is_regular_file(root / "index.html", ec)) {
    root_ = fs::canonical(root, ec);
    built_ = !ec;
  }
}

std::optional<StaticFile> StaticFiles::Read(const fs::path& file) const {
  std::error_code ec;
  const fs::path real = fs::canonical(file, ec);
  if (ec || !Inside(root_, real) || !fs::is_regular_file(real, ec)) return std::nullopt;
  std::ifstream in(real, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  return StaticFile{body.str(), ContentType(real)};
}

std::optional<StaticFile> StaticFiles::Find(const std::string& path) const {
  if (!built_) {
    if (path == "/" || path == "/index.html") {
      return StaticFile{kNotBuiltPage, "text/html; charset=utf-8"};
    }
    return std::nullopt;
  }
  if (path == "/") return Read(root_ / "index.html");
  if (path.find('\0') != std::string::npos) return std::nullopt;
  fs::path file = root_;
  for (const auto& segment : SplitPath(path)) {
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    file /= segment;
  }
  if (auto found = Read(file)) return found;
  // Client-side routes (/catalog, /connections/database) load the app.
  if (!file.has_extension()) return Read(root_ / "index.html");
  return std::nullopt;
}

}  // namespace ff::server
