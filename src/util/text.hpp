// Small text helpers used across the layers (ASCII only: names, keywords, SQL fragments).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ff::util {

//! `text` with ASCII letters lowered; other bytes (UTF-8 included) unchanged.
inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

//! The parts joined with `separator` between them ("" for no parts).
inline std::string JoinText(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += separator;
    out += parts[i];
  }
  return out;
}

//! `text` without the trailing characters that are in `drop`.
inline std::string TrimRight(std::string text, std::string_view drop) {
  while (!text.empty() && drop.find(text.back()) != std::string_view::npos) text.pop_back();
  return text;
}

}  // namespace ff::util
