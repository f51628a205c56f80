// DNS-rebinding and cross-site defence: the Host header must name this server as the user
// reached it (127.0.0.1:PORT, localhost:PORT, [::1]:PORT, or the --host given), and an
// Origin header, when present, must be http:// plus one of those, or one of the origins allowed
// explicitly (a front-end dev server that proxies /api, e.g. "http://localhost:5173").
#pragma once

#include <set>
#include <string>
#include <vector>

namespace ff::server {

class OriginGuard {
 public:
  OriginGuard(const std::string& bind_host, int port,
              const std::vector<std::string>& extra_origins = {});
  bool HostOk(const std::string& host_header) const;
  //! An absent (empty) Origin is fine: same-origin GETs and scripts send none.
  bool OriginOk(const std::string& origin_header) const;

 private:
  std::set<std::string> hosts_;    //!< "host:port", lower case
  std::set<std::string> origins_;  //!< extra origins, lower case, without a trailing '/'
};

}  // namespace ff::server
