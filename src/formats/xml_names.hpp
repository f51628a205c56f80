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

//! The text of a shared or inline string: <t> directly, or the <t> of each <r> run
//! (phonetic <rPh> runs are not part of the text).
inline std::string RichText(pugi::xml_node si) {
  std::string text;
  for (pugi::xml_node c : si.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string name = LocalName(c.name());
    if (name == "t") text += c.text().get();
    if (name == "r") text += Child(c, "t").text().get();
  }
  return text;
}

}  // namespace ff::formats::xlsx
