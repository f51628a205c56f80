#include "cloud/http_types.hpp"

#include <strings.h>

#include <algorithm>

namespace ff::cloud {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::optional<std::string> FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const HttpHeader& header : headers)
    if (SameName(header.name, name)) return header.value;
  return std::nullopt;
}

bool HasHeader(const HttpHeaders& headers, std::string_view name) {
  return FindHeader(headers, name).has_value();
}

void SetHeader(HttpHeaders& headers, std::string_view name, std::string value) {
  std::erase_if(headers, [&](const HttpHeader& header) { return SameName(header.name, name); });
  headers.push_back({std::string(name), std::move(value)});
}

}  // namespace ff::cloud
