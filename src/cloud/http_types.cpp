#include "cloud/http_types.hpp"

#include <openssl/crypto.h>
#include <strings.h>

#include <algorithm>
#include <cctype>

#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::map<std::string, std::string> CanonicalHeaderMap(
    const HttpHeaders& headers, const std::function<bool(std::string_view)>& keep) {
  std::map<std::string, std::string> sorted;
  for (const HttpHeader& header : headers) {
    std::string name = LowerAscii(header.name);
    if (!keep(name)) continue;
    // Trim, and collapse every run of white space (folded lines included) into one space.
    std::string value;
    bool pending_space = false;
    for (unsigned char c : header.value) {
      if (std::isspace(c)) {
        pending_space = !value.empty();
        continue;
      }
      if (pending_space) value += ' ';
      pending_space = false;
      value += static_cast<char>(c);
    }
    auto [it, inserted] = sorted.emplace(std::move(name), value);
    if (!inserted) it->second += "," + value;
  }
  return sorted;
}

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

void ReadExactly(const BodyReader& reader, uint64_t offset, std::string& into, uint64_t size,
                 const std::string& what) {
  into.resize(size);
  uint64_t filled = 0;
  while (filled < size) {
    const size_t got = reader(offset + filled, into.data() + filled, size - filled);
    if (got == 0)
      throw Error(ErrorCode::kIo, "upload source for " + what + " ended early at byte " +
                                      std::to_string(offset + filled));
    filled += got;
  }
}

HttpHeader::~HttpHeader() { OPENSSL_cleanse(value.data(), value.size()); }

}  // namespace ff::cloud
