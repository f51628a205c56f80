// Who may call the API: the one token printed by `flowfile ui`, exchanged for a session
// cookie, or sent as `Authorization: Bearer <token>`; plus the CSRF token state changes carry.
//
// Contract:
//  - The token, session ids and the CSRF token are 256-bit random values (hex), made when
//    the server starts; they live only in this process.
//  - GET /?token=T (T the printed token) mints a session id for the `ff_session` cookie
//    (HttpOnly, SameSite=Strict, Path=/). The printed URL works for as long as the server
//    runs, so reopening it signs in again; each use gets a fresh session.
//  - Comparisons are constant-time.
#pragma once

#include <mutex>
#include <set>
#include <string>

namespace httplib {
struct Request;
}

namespace ff::server {

inline constexpr const char* kSessionCookie = "ff_session";
inline constexpr const char* kCsrfHeader = "X-Flowfile-CSRF";

class Auth {
 public:
  Auth();
  const std::string& token() const { return token_; }
  const std::string& csrf_token() const { return csrf_; }

  //! True when `candidate` is the printed token.
  bool IsToken(const std::string& candidate) const;
  //! A new session id for the cookie.
  std::string NewSession();
  //! The request carries a live session cookie or the bearer token.
  bool Authenticated(const httplib::Request& request) const;
  //! The request carries the CSRF header with the right value.
  bool CsrfOk(const httplib::Request& request) const;
  //! The Set-Cookie value for session `id`.
  static std::string CookieFor(const std::string& id);

 private:
  std::string token_;
  std::string csrf_;
  mutable std::mutex mutex_;
  std::set<std::string> sessions_;
};

//! 32 random bytes as 64 hex characters (OpenSSL's CSPRNG).
std::string RandomHex();
//! Constant-time equality of two strings.
bool SameSecret(const std::string& a, const std::string& b);

}  // namespace ff::server
