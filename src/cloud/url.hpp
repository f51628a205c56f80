// URL pieces and percent-encoding as the cloud signers need them (RFC 3986).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/percent.hpp"

namespace ff::cloud {

//! Percent-encode every byte except the unreserved set A-Z a-z 0-9 - . _ ~ (and '/' when
//! `keep_slash`), with upper-case hex: the encoding AWS SigV4 and S3 keys use.
std::string UriEncode(std::string_view text, bool keep_slash);
//! Decode %XX escapes (malformed escapes are kept as they are). '+' stays '+'.
using ff::PercentDecode;

struct ParsedUrl {
  std::string scheme;  //!< lower-case: "https", "http"
  std::string host;    //!< without port
  int port = 0;        //!< 0 when the URL names none
  std::string path;    //!< as written, "/" when empty
  std::string query;   //!< as written, without '?'

  //! "host" or "host:port" as the Host header carries it.
  std::string HostHeader() const;
};

//! Split an absolute http(s) URL. Throws kInvalidArgument (naming the URL) when it is not one.
ParsedUrl ParseUrl(std::string_view url);

//! Split "a=1&b&c=" into (name, value) pairs, still encoded, in order.
std::vector<std::pair<std::string, std::string>> SplitQuery(std::string_view query);

}  // namespace ff::cloud
