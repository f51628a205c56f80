#include "cloud/url.hpp"

#include <cctype>

#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xf];
    }
  }
  return out;
}

std::string ParsedUrl::HostHeader() const {
  return port == 0 ? host : host + ":" + std::to_string(port);
}

ParsedUrl ParseUrl(std::string_view url) {
  ParsedUrl parsed;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0)
    throw Error(ErrorCode::kInvalidArgument,
                "'" + std::string(url) + "' is not an absolute URL (expected http(s)://host/...)");
  for (char c : url.substr(0, scheme_end))
    parsed.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view rest = url.substr(scheme_end + 3);
  size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  if (authority.empty())
    throw Error(ErrorCode::kInvalidArgument, "URL '" + std::string(url) + "' has no host");
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    std::string digits(authority.substr(colon + 1));
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
        digits.size() > 5)
      throw Error(ErrorCode::kInvalidArgument,
                  "URL '" + std::string(url) + "' has a bad port (expected 1-65535)");
    parsed.port = std::stoi(digits);
    authority = authority.substr(0, colon);
  }
  parsed.host = std::string(authority);
  std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  size_t question = tail.find('?');
  parsed.path = std::string(tail.substr(0, question));
  if (question != std::string_view::npos) parsed.query = std::string(tail.substr(question + 1));
  if (parsed.path.empty()) parsed.path = "/";
  return parsed;
}

std::vector<std::pair<std::string, std::string>> SplitQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(start, end - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string_view::npos)
        out.emplace_back(std::string(part), "");
      else
        out.emplace_back(std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace ff::cloud
