// Runs one /api request: authentication (401), the CSRF header on state changes (403), the
// route (404, 405), the JSON body checked against the route's schema (400), the handler, and
// errors as {"error": {...}} with their HTTP status.
#pragma once

#include <httplib.h>

#include "api.hpp"
#include "auth.hpp"
#include "fair_gate.hpp"
#include "router.hpp"

namespace ff::server {

class ApiDispatcher {
 public:
  ApiDispatcher(ServerState& state, const Auth& auth);
  //! Throws ApiError (or ff::Error) for refusals; writes the reply otherwise.
  void Handle(const httplib::Request& request, httplib::Response& response) const;

 private:
  ServerState& state_;
  const Auth& auth_;
  Router router_;
  mutable FairGate light_gate_;  // for routes marked light
};

//! Writes `body` as JSON (invalid UTF-8 in data replaced, never a throw).
void SendJson(httplib::Response& response, int status, const Json& body);
//! True for /api and everything under it.
bool IsApiPath(const std::string& path);

}  // namespace ff::server
