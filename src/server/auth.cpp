#include "auth.hpp"

#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "flowfile/errors.hpp"

namespace ff::server {

std::string RandomHex() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw Error(ErrorCode::kCrypto, "the system's random number generator failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Auth::Auth() : token_(RandomHex()), csrf_(RandomHex()) {}

bool Auth::IsToken(const std::string& candidate) const { return SameSecret(candidate, token_); }

std::string Auth::NewSession() {
  std::string id = RandomHex();
  std::lock_guard lock(mutex_);
  sessions_.insert(id);
  return id;
}

namespace {

// The value of cookie `name` in a Cookie header ("a=1; ff_session=xyz").
std::string CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(pos, end - pos);
    const size_t first = pair.find_first_not_of(' ');
    pair = first == std::string::npos ? "" : pair.substr(first);
    if (pair.compare(0, name.size() + 1, name + "=") == 0) return pair.substr(name.size() + 1);
    pos = end + 1;
  }
  return "";
}

}  // namespace

bool Auth::Authenticated(const httplib::Request& request) const {
  const std::string authorization = request.get_header_value("Authorization");
  static const std::string kBearer = "Bearer ";
  if (authorization.compare(0, kBearer.size(), kBearer) == 0 &&
      IsToken(authorization.substr(kBearer.size()))) {
    return true;
  }
  const std::string id = CookieValue(request.get_header_value("Cookie"), kSessionCookie);
  if (id.empty()) return false;
  std::lock_guard lock(mutex_);
  bool found = false;
  for (const auto& session : sessions_) found = SameSecret(session, id) || found;
  return found;
}

bool Auth::CsrfOk(const httplib::Request& request) const {
  return SameSecret(request.get_header_value(kCsrfHeader), csrf_);
}

std::string Auth::CookieFor(const std::string& id) {
  return std::string(kSessionCookie) + "=" + id + "; HttpOnly; SameSite=Strict; Path=/";
}

}  // namespace ff::server
