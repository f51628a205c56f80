// Namespace-blind element lookup for the xlsx reader: producers write <sheet>, <x:sheet> or
// <main:sheet>, so children are matched by local name. Internal to src/formats.
#pragma once

#include <cstring>
#include <pugixml.hpp>
#include <string>
#include <vector>

namespace ff::formats::xlsx {

inline std::string LocalName(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

//! The document's root element.
inline pugi::xml_node First(const pugi::xml_document& doc) { return doc.document_element(); }

//! The first child element named `local` (an empty node when none).
inline pugi::xml_node Child(pugi::xml_node node, const char* local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return {};
}

//! Every child element named `local`, in document order.
inline std::vector<pugi::xml_node> Children(pugi::xml_node node, const char* local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) out.push_back(c);
  }
  return out;
}

//! OOXML's escapes for characters XML cannot hold: "_x000D_" is a carriage return (as UTF-8).
inline std::string Unescape(const std::string& text) {
  if (text.find("_x") == std::string::npos) return text;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned code = 0;
    bool escape =
        i + 7 <= text.size() && text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_';
    for (size_t k = 2; escape && k < 6; ++k) {
      const char ch = text[i + k];
      const int digit = ch >= '0' && ch <= '9'   ? ch - '0'
                        : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                        : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                                 : -1;
      escape = digit >= 0;
      code = code * 16 + static_cast<unsigned>(digit);
    }
    if (!escape) {
      out.push_back(text[i]);
      continue;
    }
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    i += 6;
  }
  return out;
}

//! The text of a shared or inline string: <t> directly, or the <t> of each <r> run
//! (phonetic <rPh> runs are not part of the text), with _xHHHH_ escapes decoded.
inline std::string RichText(pugi::xml_node si) {
  std::string text;
  for (pugi::xml_node c : si.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string name = LocalName(c.name());
    if (name == "t") text += c.text().get();
    if (name == "r") text += Child(c, "t").text().get();
  }
  return Unescape(text);
}

}  // namespace ff::formats::xlsx
