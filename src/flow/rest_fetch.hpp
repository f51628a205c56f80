// The REST API reader's fetch engine: one request per page over HttpClient (libcurl), with
// Flowfile's pagination styles, auth from a named secret, retries and record extraction.
//
// Contract:
//  - Offset: `offset_param`/`limit_param` are added to the query; stops on a page shorter than
//    page_size. Page: `page_param` from start_page; stops on an empty page. Cursor: the next
//    token is read from the body at `cursor_response_path` (dot path) or from the response
//    header of that name, and sent as `cursor_param`; stops when there is none. Next URL (our
//    extension): the next page's full URL is read the same way (for the header location, the
//    `rel="next"` entry of a Link header); stops when there is none. Every style stops after
//    max_pages pages or max_records records.
//  - 429 and 5xx are retried up to max_retries times with exponential backoff, never sooner
//    than a Retry-After header asks (bounded); other statuses fail at once.
//  - The credential is sent as the auth type says and appears in no message: errors name the
//    node and the URL without user info or query values that carry the key.
//  - A body that is not JSON, or whose record_path does not lead to records, fails naming the
//    node, the URL and the page.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cloud/http_types.hpp"
#include "flowfile/secret.hpp"

namespace ff::flow {

struct RestAuth {
  std::string type = "none";  //!< none | api_key | bearer | basic
  std::string api_key_name = "X-API-Key";
  std::string api_key_location = "header";  //!< header | query
  std::string basic_username;
  std::string secret_name;
};

struct RestPagination {
  std::string type = "none";  //!< none | offset | page | cursor | next_url
  std::string offset_param = "offset", limit_param = "limit";
  int64_t page_size = 100;
  std::string page_param = "page";
  int64_t start_page = 1;
  std::string cursor_param = "cursor";
  std::string cursor_location = "body";  //!< body | header
  std::string cursor_response_path;
  std::string initial_cursor;
  int64_t max_pages = 1000;
  std::optional<int64_t> max_records;
  double page_delay_seconds = 0;
};

struct RestRequest {
  std::string url;
  std::string method = "GET";  //!< GET | POST
  cloud::HttpHeaders headers;  //!< values wiped on release (they may hold resolved secrets)
  std::vector<std::pair<std::string, std::string>> query_params;
  nlohmann::json json_body;  //!< sent with POST when not null
  RestAuth auth;
  RestPagination pagination;
  std::string record_path;  //!< dot path to the records; empty: the whole body
  double timeout_seconds = 30;
  int max_retries = 3;
};

//! Every record of every page, as JSON objects in the response's key order (a scalar item
//! becomes {"value": item}).
//! `secret` is the credential the auth type sends (null for none); `who` names the node.
std::vector<nlohmann::ordered_json> FetchRecords(const RestRequest& request, const Secret* secret,
                                                 const std::string& who);

//! `url` as errors may show it: no user info, credential query values redacted.
std::string DisplayUrl(const std::string& url, const std::string& extra_secret_param = "");

}  // namespace ff::flow
