// How connections look on screen and in --json. Secret fields appear as the mask, or as the
// name of the secret they refer to; never as a value.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/connections.hpp"
#include "output.hpp"

namespace ff::cli {

Json DatabaseJson(const DatabaseConnectionInfo& info);
//! Secret fields of a cloud connection that refer to a named secret: field -> secret name.
using FieldReferences = std::map<std::string, std::string>;

Json CloudJson(const CloudStorageConnectionInfo& info, const FieldReferences& references = {});

//! One row of `connections list`: NAME KIND TYPE TARGET USER/AUTH SECRETS UPDATED.
std::vector<std::string> DatabaseRow(const DatabaseConnectionInfo& info);
std::vector<std::string> CloudRow(const CloudStorageConnectionInfo& info);
const std::vector<std::string>& ConnectionListHeaders();

std::vector<std::pair<std::string, std::string>> DatabaseFields(const DatabaseConnectionInfo& info);
std::vector<std::pair<std::string, std::string>> CloudFields(
    const CloudStorageConnectionInfo& info, const FieldReferences& references = {});

}  // namespace ff::cli
