#include "connections/connection_url.hpp"

#include <array>
#include <cctype>

#include "util/percent.hpp"

namespace ff::connections {
namespace {

// Keys whose value is a secret: libpq's password and sslpassword (the client key's
// passphrase), and the spellings MySQL-family URLs use.
constexpr std::array<std::string_view, 5> kSecretKeys = {"password", "sslpassword", "pwd", "pass",
                                                         "passwd"};

std::string Lower(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSecretKey(std::string_view key) {
  const std::string lower = Lower(key);
  for (auto secret : kSecretKeys)
    if (lower == secret) return true;
  return false;
}

std::optional<std::string> InUri(std::string_view url, size_t scheme_end) {
  std::string_view rest = url.substr(scheme_end + 3);
  const size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  // The last '@' ends the user info (an unescaped '@' in a password is common).
  if (size_t at = authority.rfind('@');
      at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos)
    return "user:password@ in the url";
  const size_t query = url.find('?', scheme_end);
  if (query == std::string_view::npos) return std::nullopt;
  std::string_view params = url.substr(query + 1);
  params = params.substr(0, params.find('#'));
  while (!params.empty()) {
    const size_t end = params.find_first_of("&;");
    std::string_view pair = params.substr(0, end);
    if (IsSecretKey(PercentDecode(pair.substr(0, pair.find('=')), true)))
      return "the url's ?" + Lower(PercentDecode(pair.substr(0, pair.find('=')), true)) +
             "= parameter";
    if (end == std::string_view::npos) break;
    params.remove_prefix(end + 1);
  }
  return std::nullopt;
}

// libpq's "key = value key2='quoted \' value'" strings.
std::optional<std::string> InKeywordValues(std::string_view text) {
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  while (true) {
    skip_spaces();
    if (i >= text.size()) return std::nullopt;
    const size_t key_start = i;
    while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    const std::string_view key = text.substr(key_start, i - key_start);
    skip_spaces();
    if (i >= text.size() || text[i] != '=') return std::nullopt;  // not a keyword string
    ++i;
    skip_spaces();
    if (IsSecretKey(key)) return Lower(key) + "= in the connection string";
    if (i < text.size() && text[i] == '\'') {
      for (++i; i < text.size() && text[i] != '\''; ++i)
        if (text[i] == '\\') ++i;
      ++i;
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    }
  }
}

}  // namespace

std::optional<std::string> PasswordInUrl(std::string_view url) {
  if (size_t scheme_end = url.find("://"); scheme_end != std::string_view::npos)
    return InUri(url, scheme_end);
  return InKeywordValues(url);
}

}  // namespace ff::connections
