// Flowfile's write-mode names.
#include <array>
#include <string>

#include "flowfile/catalog.hpp"
#include "flowfile/errors.hpp"

namespace ff {
namespace {

constexpr std::array<std::pair<std::string_view, CatalogWriteMode>, 7> kModes = {{
    {"overwrite", CatalogWriteMode::kOverwrite},
    {"error", CatalogWriteMode::kError},
    {"append", CatalogWriteMode::kAppend},
    {"upsert", CatalogWriteMode::kUpsert},
    {"update", CatalogWriteMode::kUpdate},
    {"delete", CatalogWriteMode::kDelete},
    {"scd2", CatalogWriteMode::kScd2},
}};

}  // namespace

CatalogWriteMode ParseCatalogWriteMode(std::string_view name) {
  std::vector<std::string> known;
  for (const auto& [text, mode] : kModes) {
    if (text == name) return mode;
    known.emplace_back(text);
  }
  std::string message = "unknown write mode '" + std::string(name) + "'; expected one of ";
  for (size_t i = 0; i < known.size(); ++i) message += (i ? ", " : "") + known[i];
  throw Error(ErrorCode::kInvalidArgument, message);
}

std::string_view CatalogWriteModeName(CatalogWriteMode mode) {
  for (const auto& [text, value] : kModes) {
    if (value == mode) return text;
  }
  return "overwrite";
}

}  // namespace ff
