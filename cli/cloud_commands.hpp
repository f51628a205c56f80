// `flowfile cloud ...` pieces shared between the files that register them.
#pragma once

#include <string>

#include "context.hpp"

namespace ff::cli {

struct CopyOptions {
  std::string source, destination, connection;
  bool verbose = false, recursive = false;
};

//! The connection to reach `url`: `named` when given, else the one whose scopes match the URL
//! (said on stderr when `verbose`). Points the frames API at --home first.
std::string ConnectionFor(const Context& context, const std::string& url, const std::string& named,
                          bool verbose);

//! `cloud cp --recursive`: a local folder to a prefix, or a prefix to a local folder.
void CloudCopyTree(const Context& context, const CopyOptions& options);

//! `cloud rm`: one object, or with --recursive every object under a prefix.
void RegisterCloudRm(CLI::App& cloud, Context& context);

}  // namespace ff::cli
