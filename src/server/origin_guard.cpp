#include "origin_guard.hpp"

#include <cctype>

namespace ff::server {
namespace {

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

OriginGuard::OriginGuard(const std::string& bind_host, int port,
                         const std::vector<std::string>& extra_origins) {
  for (std::string origin : extra_origins) {
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    origins_.insert(Lower(origin));
  }
  const std::string suffix = ":" + std::to_string(port);
  for (std::string host :
       {std::string("127.0.0.1"), std::string("localhost"), std::string("[::1]"), bind_host}) {
    if (host.empty() || host == "0.0.0.0" || host == "::") continue;
    if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
    hosts_.insert(Lower(host) + suffix);
  }
}

bool OriginGuard::HostOk(const std::string& host_header) const {
  return hosts_.count(Lower(host_header)) > 0;
}

bool OriginGuard::OriginOk(const std::string& origin_header) const {
  if (origin_header.empty()) return true;
  const std::string origin = Lower(origin_header);
  if (origins_.count(origin) > 0) return true;
  static const std::string kScheme = "http://";
  if (origin.compare(0, kScheme.size(), kScheme) != 0) return false;
  return hosts_.count(origin.substr(kScheme.size())) > 0;
}

}  // namespace ff::server
