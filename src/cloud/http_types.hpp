// Plain HTTP request/response values shared by the transport, the retry layer and the
// signers. No libcurl here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ff::cloud {

struct HttpHeader {
  std::string name;
  std::string value;
  //! Values carry bearer tokens, session tokens and signatures: wiped on release.
  ~HttpHeader();
};
using HttpHeaders = std::vector<HttpHeader>;

//! First value of header `name` (case-insensitive), nullopt when absent.
std::optional<std::string> FindHeader(const HttpHeaders& headers, std::string_view name);
bool HasHeader(const HttpHeaders& headers, std::string_view name);
//! Replace every header `name` with one holding `value`.
void SetHeader(HttpHeaders& headers, std::string_view name, std::string value);

//! `text` in ASCII lower case.
std::string LowerAscii(std::string_view text);
//! Headers canonicalised as the request signers (SigV4, Azure Shared Key) need them: names in
//! lower case and sorted, values trimmed with inner runs of white space folded to one space,
//! repeated names joined with ','. Only names `keep` (given the lower-case name) accepts.
std::map<std::string, std::string> CanonicalHeaderMap(
    const HttpHeaders& headers, const std::function<bool(std::string_view)>& keep);

//! Streaming upload: copy up to `size` bytes of the body starting at `offset` into `buffer`,
//! return how many were copied (0 only at the end). Positional, so a retry can start over.
using BodyReader = std::function<size_t(uint64_t offset, char* buffer, size_t size)>;
//! Streaming download: called with consecutive pieces of a 2xx response body.
using BodyWriter = std::function<void(std::string_view chunk)>;

//! Fills `into` with exactly `size` bytes of `reader` from `offset`. Throws kIo naming `what`
//! when the source ends early.
void ReadExactly(const BodyReader& reader, uint64_t offset, std::string& into, uint64_t size,
                 const std::string& what);

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;        //!< sent when `body_reader` is empty
  BodyReader body_reader;  //!< streaming upload of `body_size` bytes
  uint64_t body_size = 0;
  //! Receives a 2xx body instead of HttpResponse::body. Error bodies are always buffered,
  //! so they can be parsed for the service's error code.
  BodyWriter response_writer;
  //! Ranged GET: bytes [first, first + length). Adds a Range header.
  std::optional<std::pair<uint64_t, uint64_t>> range;
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;
  std::string body;
  std::optional<std::string> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

}  // namespace ff::cloud
