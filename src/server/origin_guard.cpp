#include "origin_guard.hpp"

#include <cctype>

#include "util/text.hpp"

namespace ff::server {
OriginGuard::OriginGuard(const std::string& bind_host, int port,
                         const std::vector<std::string>& extra_origins) {
  for (std::string origin : extra_origins) {
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    origins_.insert(util::AsciiLower(origin));
  }
  const std::string suffix = ":" + std::to_string(port);
  for (std::string host :
       {std::string("127.0.0.1"), std::string("localhost"), std::string("[::1]"), bind_host}) {
    if (host.empty() || host == "0.0.0.0" || host == "::") continue;
    if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
    hosts_.insert(util::AsciiLower(host) + suffix);
  }
}

bool OriginGuard::HostOk(const std::string& host_header) const {
  return hosts_.count(util::AsciiLower(host_header)) > 0;
}

bool OriginGuard::OriginOk(const std::string& origin_header) const {
  if (origin_header.empty()) return true;
  const std::string origin = util::AsciiLower(origin_header);
  if (origins_.count(origin) > 0) return true;
  static const std::string kScheme = "http://";
  if (origin.compare(0, kScheme.size(), kScheme) != 0) return false;
  return hosts_.count(origin.substr(kScheme.size())) > 0;
}

}  // namespace ff::server
