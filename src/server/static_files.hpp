// The built front end: files under one folder (index.html, assets/...), served without
// authentication because they hold no data.
//
// Contract:
//  - A request path resolves inside the folder or not at all: "..", "." and empty segments,
//    NUL bytes and symbolic links leading out of the folder give 404.
//  - Paths without a file extension that name no file get index.html (the app's own routes).
//  - With no folder (or no index.html in it), "/" gives a short page saying the front end is
//    not built and how to build it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace ff::server {

struct StaticFile {
  std::string body;
  std::string content_type;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  //! The file for a (decoded) request path, or nullopt for 404.
  std::optional<StaticFile> Find(const std::string& path) const;
  bool built() const { return built_; }

 private:
  std::optional<StaticFile> Read(const std::filesystem::path& file) const;
  std::filesystem::path root_;
  bool built_ = false;
};

}  // namespace ff::server
