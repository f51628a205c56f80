// Cloud XML responses: S3 ListObjectsV2 and Azure List Blobs pages, error bodies, STS
// credentials (the element scanner and entity decoding under them).
#include "cloud/list_xml.hpp"
#include "cloud/xml_scan.hpp"
#include "fuzz_support.hpp"

using namespace ff::cloud;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  ff::fuzz::Expect([&] { (void)ParseS3ListPage(body, "fuzz/"); });
  ff::fuzz::Expect([&] { (void)ParseAzureListPage(body, "fuzz/"); });
  ff::fuzz::Expect([&] {
    (void)XmlText(body, "Code");
    for (std::string_view block : XmlElements(body, "Credentials")) {
      (void)XmlText(block, "AccessKeyId");
      (void)XmlText(block, "Expiration");
    }
    // Escaping then unescaping gives the text back.
    const std::string text(body);
    if (XmlUnescape(XmlEscape(text)) != text) __builtin_trap();
  });
  return 0;
}
