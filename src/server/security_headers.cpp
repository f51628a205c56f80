#include "security_headers.hpp"

namespace ff::server {

httplib::Headers SecurityHeaders() {
  // style-src allows inline styles: the canvas and grid libraries position elements with
  // style attributes. Scripts stay 'self' only: no inline script, no eval.
  const char* csp =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
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
