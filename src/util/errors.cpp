#include "flowfile/errors.hpp"

#include <algorithm>
#include <numeric>

namespace ff {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kAlreadyExists: return "already exists";
    case ErrorCode::kPermissionDenied: return "permission denied";
    case ErrorCode::kIo: return "i/o error";
    case ErrorCode::kCrypto: return "crypto error";
    case ErrorCode::kStore: return "store error";
    case ErrorCode::kEngine: return "engine error";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kInternal: return "internal error";
  }
  return "error";
}

namespace {

// Edit distance counting a swap of two neighbours as one edit (optimal string alignment:
// "lsit" is one typo from "list", not two), case-insensitive: "Prod_DB" is one typo away
// from "prod_db" only in spirit, so we fold case before counting.
size_t EditDistance(std::string_view a, std::string_view b) {
  auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    before.swap(previous);
    previous.swap(row);
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min(
          {previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> ClosestNames(std::string_view name, const std::vector<std::string>& known,
                                      size_t limit) {
  std::vector<std::pair<size_t, size_t>> ranked;  // (distance, index)
  ranked.reserve(known.size());
  for (size_t i = 0; i < known.size(); ++i) {
    size_t d = EditDistance(name, known[i]);
    // A name containing the other (prod vs prod_db) is a strong hint.
    if (known[i].find(name) != std::string::npos || name.find(known[i]) != std::string_view::npos)
      d = std::min(d, size_t{1});
    ranked.emplace_back(d, i);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < ranked.size() && out.size() < limit; ++i)
    out.push_back(known[ranked[i].second]);
  return out;
}

std::optional<std::string> DidYouMean(std::string_view name,
                                      const std::vector<std::string>& known) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : known) {
    const size_t d = EditDistance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

void ThrowUnknownName(std::string_view what, std::string_view name,
                      const std::vector<std::string>& known) {
  std::string message = "unknown " + std::string(what) + " '" + std::string(name) + "'";
  if (known.empty()) {
    message += "; no " + std::string(what) + "s are registered";
  } else {
    message += "; known " + std::string(what) + "s (closest first): ";
    auto ordered = ClosestNames(name, known, 10);
    for (size_t i = 0; i < ordered.size(); ++i) message += (i ? ", " : "") + ordered[i];
    if (known.size() > ordered.size())
      message += ", ... (" + std::to_string(known.size()) + " in all)";
  }
  throw Error(ErrorCode::kNotFound, message);
}

}  // namespace ff
