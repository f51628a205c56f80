#include "crypto/base64.hpp"

#include <array>
#include <cstdint>

namespace ff::crypto {
namespace {

constexpr std::string_view kStandard =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrl =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Encode(std::string_view bytes, std::string_view alphabet) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (size_t rest = bytes.size() - i; rest > 0) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    if (rest == 2) v |= uint8_t(bytes[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += rest == 2 ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Strict: length a multiple of 4, '=' only at the end (at most two), no foreign
// characters, and the unused bits of the last symbol zero (a canonical encoding).
std::optional<std::string> Decode(std::string_view text, std::string_view alphabet) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::array<int8_t, 256> value{};
  value.fill(-1);
  for (size_t i = 0; i < alphabet.size(); ++i) value[uint8_t(alphabet[i])] = int8_t(i);
  size_t padding = 0;
  if (!text.empty() && text.back() == '=')
    padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t v = 0;
    bool last = i + 4 == text.size();
    for (size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=') {
        if (!last || j < 4 - padding) return std::nullopt;
        v <<= 6;
        continue;
      }
      int8_t d = value[uint8_t(c)];
      if (d < 0) return std::nullopt;
      v = (v << 6) | uint32_t(d);
    }
    out += char((v >> 16) & 0xff);
    if (!(last && padding == 2)) out += char((v >> 8) & 0xff);
    if (!(last && padding >= 1)) out += char(v & 0xff);
    if (last && padding == 2 && (v & 0xffff) != 0) return std::nullopt;
    if (last && padding == 1 && (v & 0xff) != 0) return std::nullopt;
  }
  return out;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) { return Encode(bytes, kStandard); }
std::string Base64UrlEncode(std::string_view bytes) { return Encode(bytes, kUrl); }
std::optional<std::string> Base64Decode(std::string_view text) { return Decode(text, kStandard); }
std::optional<std::string> Base64UrlDecode(std::string_view text) { return Decode(text, kUrl); }

}  // namespace ff::crypto
