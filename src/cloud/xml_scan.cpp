#include "cloud/xml_scan.hpp"

#include <cstdlib>

namespace ff::cloud {
namespace {

// Finds the next start tag named `tag` at or after `from`; returns the position just past
// its '>' and whether it was self-closing, or npos.
size_t FindStartTag(std::string_view xml, std::string_view tag, size_t from, bool& self_closing) {
  while (true) {
    size_t open = xml.find('<', from);
    if (open == std::string_view::npos) return open;
    size_t name_end = open + 1 + tag.size();
    if (xml.compare(open + 1, tag.size(), tag) == 0 && name_end < xml.size() &&
        (xml[name_end] == '>' || xml[name_end] == ' ' || xml[name_end] == '/' ||
         xml[name_end] == '\t' || xml[name_end] == '\n' || xml[name_end] == '\r')) {
      size_t close = xml.find('>', name_end);
      if (close == std::string_view::npos) return close;
      self_closing = xml[close - 1] == '/';
      return close + 1;
    }
    from = open + 1;
  }
}

void AppendUtf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

}  // namespace

std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> out;
  size_t from = 0;
  std::string closing = "</" + std::string(tag) + ">";
  while (true) {
    bool self_closing = false;
    size_t start = FindStartTag(xml, tag, from, self_closing);
    if (start == std::string_view::npos) break;
    if (self_closing) {
      out.emplace_back();
      from = start;
      continue;
    }
    size_t end = xml.find(closing, start);
    if (end == std::string_view::npos) break;
    out.push_back(xml.substr(start, end - start));
    from = end + closing.size();
  }
  return out;
}

std::optional<std::string> XmlText(std::string_view xml, std::string_view tag) {
  bool self_closing = false;
  size_t start = FindStartTag(xml, tag, 0, self_closing);
  if (start == std::string_view::npos) return std::nullopt;
  if (self_closing) return std::string();
  size_t end = xml.find("</" + std::string(tag) + ">", start);
  if (end == std::string_view::npos) return std::nullopt;
  return XmlUnescape(xml.substr(start, end - start));
}

std::string XmlUnescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    size_t semicolon = text.find(';', i);
    if (semicolon == std::string_view::npos || semicolon - i > 10) {
      out += text[i];
      continue;
    }
    std::string_view entity = text.substr(i + 1, semicolon - i - 1);
    if (entity == "amp") {
      out += '&';
    } else if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else if (entity.size() > 1 && entity[0] == '#') {
      std::string digits(entity.substr(entity[1] == 'x' ? 2 : 1));
      AppendUtf8(out, std::strtoul(digits.c_str(), nullptr, entity[1] == 'x' ? 16 : 10));
    } else {
      out += text[i];
      continue;
    }
    i = semicolon;
  }
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace ff::cloud
