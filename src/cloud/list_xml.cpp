#include "cloud/list_xml.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "cloud/xml_scan.hpp"
#include "flowfile/errors.hpp"

namespace ff::cloud {
namespace {

// A size as decimal digits only; anything else (a sign, spaces, overflow) is malformed.
uint64_t ParseSize(const std::string& text, const std::string& service, std::string_view what) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || stop != end) {
    throw Error(ErrorCode::kIo, service + " returned a malformed " + std::string(what) + ": '" +
                                    text.substr(0, 40) + "'");
  }
  return value;
}

}  // namespace

S3ListPage ParseS3ListPage(std::string_view body, const std::string& where) {
  S3ListPage page;
  for (std::string_view contents : XmlElements(body, "Contents")) {
    S3ObjectInfo info;
    info.key = XmlText(contents, "Key").value_or("");
    info.size = ParseSize(XmlText(contents, "Size").value_or("0"), "S3", "object size");
    info.etag = XmlText(contents, "ETag").value_or("");
    info.last_modified = XmlText(contents, "LastModified").value_or("");
    page.objects.push_back(std::move(info));
  }
  for (std::string_view common : XmlElements(body, "CommonPrefixes"))
    page.common_prefixes.push_back(XmlText(common, "Prefix").value_or(""));
  if (XmlText(body, "IsTruncated").value_or("false") == "true") {
    page.next_continuation_token = XmlText(body, "NextContinuationToken").value_or("");
    if (page.next_continuation_token.empty())
      throw Error(ErrorCode::kIo,
                  "S3 ListObjectsV2 " + where + ": a truncated page without a continuation token");
  }
  return page;
}

AzureListPage ParseAzureListPage(std::string_view body, const std::string& where) {
  AzureListPage page;
  for (std::string_view entry : XmlElements(body, "Blob")) {
    AzureBlobInfo info;
    info.name = XmlText(entry, "Name").value_or("");
    const std::vector<std::string_view> properties = XmlElements(entry, "Properties");
    const std::string_view props = properties.empty() ? std::string_view() : properties.front();
    info.size = ParseSize(XmlText(props, "Content-Length").value_or("0"), "Azure",
                          "blob size in the listing of " + where);
    info.etag = XmlText(props, "Etag").value_or("");
    info.last_modified = IsoFromHttpDate(XmlText(props, "Last-Modified").value_or(""));
    page.blobs.push_back(std::move(info));
  }
  page.next_marker = XmlText(body, "NextMarker").value_or("");
  return page;
}

std::string IsoFromHttpDate(std::string_view text) {
  const std::string date(text);
  std::tm tm{};
  const char* end = strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return date;
  char iso[64];  // room for any int the compiler assumes tm may hold
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return iso;
}

}  // namespace ff::cloud
