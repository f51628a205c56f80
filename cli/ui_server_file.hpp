// The running `flowfile ui` of a Flowfile home, for other programs to find
// (ff.open_graph_in_editor): `<home>/ui/server.json` = {"pid", "port", "url", "token"},
// owner-only (0600), written once the server listens and removed when it stops.
//
// One server per home: `<home>/ui/server.lock` is held (flock) for the server's lifetime; the
// kernel releases it when the process dies, so a crash never leaves the home locked (a stale
// server.json is then overwritten by the next server).
#pragma once

#include <filesystem>
#include <string>

namespace ff::cli {

class UiServerFile {
 public:
  //! Takes the home's lock. Throws ff::Error(kConflict) naming the running server's pid and
  //! port when another process holds it.
  explicit UiServerFile(const std::filesystem::path& home);
  ~UiServerFile();
  UiServerFile(const UiServerFile&) = delete;
  UiServerFile& operator=(const UiServerFile&) = delete;

  //! Writes server.json (atomically, 0600).
  void Publish(int port, const std::string& url);

 private:
  std::filesystem::path dir_;
  int lock_fd_ = -1;
  bool published_ = false;
};

}  // namespace ff::cli
