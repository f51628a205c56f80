// Times in API replies: UTC, ISO 8601, to the second ("2026-01-31T12:00:00Z").
#pragma once

#include <ctime>
#include <string>

namespace ff::server {

inline std::string IsoTime(std::time_t seconds) {
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace ff::server
