#include "security_headers.hpp"

namespace ff::server {

httplib::Headers SecurityHeaders() {
  // Nothing inline and no eval: the app loads its scripts and styles from /assets only (its
  // browser tests run it under this policy and fail on any violation).
  const char* csp =
      "default-src 'self'; script-src 'self'; style-src 'self'; "
      "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
      "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
      "frame-ancestors 'none'";
  return {
      {"Content-Security-Policy", csp},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Cache-Control", "no-store"},
  };
}

}  // namespace ff::server
