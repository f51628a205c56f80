// Delta log actions as C++ values, and their JSON form (one object per commit line).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "flowfile/delta.hpp"

namespace ff::delta {

//! Change-data file (only relevant to change feeds; plain readers skip it).
struct CdcFile {
  std::string path;
  PartitionValues partition_values;
  int64_t size = 0;
};

//! V2 checkpoint: a Parquet file under `_delta_log/_sidecars/` holding file actions.
struct SidecarFile {
  std::string path;
  int64_t size_in_bytes = 0;
};

//! V2 checkpoint header.
struct CheckpointMetadata {
  int64_t version = 0;
};

using Action = std::variant<Protocol, Metadata, AddFile, RemoveFile, Txn, CommitInfo,
                            DomainMetadata, CdcFile, SidecarFile, CheckpointMetadata>;

//! Every known action in `object` (a commit line has one key; a checkpoint row rendered as
//! JSON has one non-null key among many). Unknown keys and null values are ignored.
//! `where` names the source in error messages.
std::vector<Action> ParseActions(const nlohmann::json& object, const std::string& where);

//! Parses newline-delimited commit text. Throws kInvalidArgument naming `where` and the line.
std::vector<Action> ParseCommitText(const std::string& text, const std::string& where);

//! The one-line JSON object for an action (`{"add":{...}}`).
nlohmann::json ActionToJson(const Action& action);

//! The parsed commitInfo fields from its raw JSON object.
CommitInfo CommitInfoFromJson(const nlohmann::json& object);

}  // namespace ff::delta
