#include "output.hpp"

#include <algorithm>
#include <iostream>

namespace ff::cli {
namespace {

// Display width of UTF-8 text: count the bytes that start a character.
size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

void PrintPadded(const std::string& text, size_t width) {
  std::cout << text << std::string(width - std::min(width, DisplayWidth(text)), ' ');
}

}  // namespace

void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, const std::string& empty_note) {
  if (rows.empty()) {
    std::cout << empty_note << "\n";
    return;
  }
  std::vector<size_t> widths(headers.size());
  for (size_t i = 0; i < headers.size(); ++i) widths[i] = DisplayWidth(headers[i]);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  auto print_row = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      bool last = i + 1 == row.size();
      if (last)
        std::cout << row[i];
      else
        PrintPadded(row[i], widths[i] + 2);
    }
    std::cout << "\n";
  };
  print_row(headers);
  for (const auto& row : rows) print_row(row);
}

void PrintFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [key, value] : fields) width = std::max(width, DisplayWidth(key) + 1);
  for (const auto& [key, value] : fields) {
    PrintPadded(key + ":", width + 2);
    std::cout << value << "\n";
  }
}

void PrintJson(const Json& value) { std::cout << value.dump(2) << "\n"; }

}  // namespace ff::cli
