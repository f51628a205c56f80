// Parsing of catalog table names; rules follow Flowfile's namespace naming.
#include <vector>

#include "flowfile/catalog.hpp"
#include "flowfile/errors.hpp"

namespace ff {

bool IsValidCatalogIdentifier(std::string_view part) {
  if (part.empty()) return false;
  auto is_alpha = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  };
  if (!is_alpha(part.front())) return false;
  for (char c : part) {
    if (!is_alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

CatalogTableName ParseCatalogTableName(std::string_view name) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    parts.emplace_back(name.substr(start, dot == std::string_view::npos ? name.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() > 3) {
    throw Error(ErrorCode::kInvalidArgument,
                "catalog table name '" + std::string(name) +
                    "' has more than three parts; expected table, schema.table or "
                    "catalog.schema.table");
  }
  for (const auto& part : parts) {
    if (!IsValidCatalogIdentifier(part)) {
      throw Error(ErrorCode::kInvalidArgument,
                  "catalog table name '" + std::string(name) + "' has an invalid part '" + part +
                      "'; each part must start with a letter or '_' and contain only letters, "
                      "digits and '_'");
    }
  }
  CatalogTableName result{std::string(kDefaultCatalogName), std::string(kDefaultSchemaName), ""};
  result.table = parts.back();
  if (parts.size() >= 2) result.schema = parts[parts.size() - 2];
  if (parts.size() == 3) result.catalog = parts[0];
  return result;
}

}  // namespace ff
