// Just enough XML reading for cloud-storage responses (S3 and Azure error bodies, listings,
// multipart results): elements are found by name, attributes are ignored, entities decoded.
// Not a general XML parser: no CDATA, comments or namespaces prefixes are interpreted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ff::cloud {

//! Inner text of the first <tag>...</tag> (or <tag/>) in `xml`, entities decoded.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag);
//! Raw inner content of every top-to-bottom <tag>...</tag> in `xml` (not nested in itself).
std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag);
//! Decode &amp; &lt; &gt; &quot; &apos; and numeric references.
std::string XmlUnescape(std::string_view text);
//! Escape text for an element body.
std::string XmlEscape(std::string_view text);

}  // namespace ff::cloud
