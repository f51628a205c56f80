// WriteCheckpoint: a classic single-file checkpoint. The actions are rendered as JSON lines and
// converted to Parquet by DuckDB with the checkpoint schema spelled out, so every action column
// exists with the protocol's types even when no row uses it.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "delta/actions.hpp"
#include "delta/commit_store.hpp"
#include "delta/log_files.hpp"
#include "delta/sql_session.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDvType =
    "STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, \"offset\" INTEGER, sizeInBytes "
    "INTEGER, cardinality BIGINT)";

std::string CheckpointColumns() {
  const std::string dv = kDvType;
  const std::string map = "MAP(VARCHAR, VARCHAR)";
  const std::pair<const char*, std::string> columns[] = {
      {"txn", "STRUCT(appId VARCHAR, \"version\" BIGINT, lastUpdated BIGINT)"},
      {"add", "STRUCT(path VARCHAR, partitionValues " + map +
                  ", size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, tags " + map +
                  ", deletionVector " + dv +
                  ", baseRowId BIGINT, defaultRowCommitVersion BIGINT, stats VARCHAR)"},
      {"remove",
       "STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, "
       "extendedFileMetadata BOOLEAN, partitionValues " +
           map + ", size BIGINT, deletionVector " + dv +
           ", baseRowId BIGINT, defaultRowCommitVersion BIGINT)"},
      {"metaData",
       "STRUCT(id VARCHAR, \"name\" VARCHAR, description VARCHAR, format "
       "STRUCT(provider VARCHAR, \"options\" " +
           map + "), schemaString VARCHAR, partitionColumns VARCHAR[], \"configuration\" " + map +
           ", createdTime BIGINT)"},
      {"protocol",
       "STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures "
       "VARCHAR[], writerFeatures VARCHAR[])"},
      {"domainMetadata", "STRUCT(domain VARCHAR, \"configuration\" VARCHAR, removed BOOLEAN)"}};
  std::string out = "{";
  for (const auto& [name, type] : columns) {
    out += (out.size() > 1 ? ", " : "") + SqlQuote(name) + ": " + SqlQuote(type);
  }
  return out + "}";
}

int64_t RetentionMs(const Metadata& metadata) {
  // Only the common "interval N days/hours" forms; anything else keeps the 1-week default.
  auto it = metadata.configuration.find("delta.deletedFileRetentionDuration");
  int64_t ms = 7LL * 24 * 3600 * 1000;
  if (it == metadata.configuration.end()) return ms;
  std::string text = it->second;
  if (text.rfind("interval ", 0) == 0) text = text.substr(9);
  try {
    const int64_t amount = std::stoll(text);
    if (text.find("day") != std::string::npos) ms = amount * 24 * 3600 * 1000;
    if (text.find("hour") != std::string::npos) ms = amount * 3600 * 1000;
  } catch (const std::exception&) {
  }
  return ms;
}

}  // namespace

void WriteCheckpoint(const Snapshot& snapshot) {
  std::vector<Action> actions;
  actions.emplace_back(snapshot.protocol);
  actions.emplace_back(snapshot.metadata);
  for (const auto& [app, txn] : snapshot.txns) actions.emplace_back(txn);
  for (const auto& [name, domain] : snapshot.domains) actions.emplace_back(domain);
  for (AddFile add : snapshot.files) {
    add.data_change = false;
    actions.emplace_back(std::move(add));
  }
  const int64_t horizon = NowMs() - RetentionMs(snapshot.metadata);
  for (RemoveFile remove : snapshot.tombstones) {
    if (remove.deletion_timestamp && *remove.deletion_timestamp < horizon) continue;
    remove.data_change = false;
    actions.emplace_back(std::move(remove));
  }
  std::string lines;
  for (const Action& action : actions) lines += ActionToJson(action).dump() + "\n";

  const std::string log_dir = snapshot.table_root + "/_delta_log";
  const std::string stem = CommitFileName(snapshot.version);
  const std::string final_path = log_dir + "/" + stem.substr(0, 20) + ".checkpoint.parquet";
  const std::string temp_dir = log_dir + "/.tmp";
  fs::create_directories(temp_dir);
  const std::string unique = NewUuid();
  const std::string json_path = temp_dir + "/checkpoint-" + unique + ".json";
  const std::string parquet_path = temp_dir + "/checkpoint-" + unique + ".parquet";
  ReplaceFileAtomically(json_path, lines);
  try {
    engine::Session db;
    db.Execute(
        "COPY (SELECT txn, \"add\", \"remove\", metaData, protocol, domainMetadata FROM "
        "read_json(" +
            SqlQuote(json_path) + ", format='newline_delimited', columns=" + CheckpointColumns() +
            ")) TO " + SqlQuote(parquet_path) + " (FORMAT parquet, COMPRESSION snappy)",
        "writing checkpoint " + final_path);
  } catch (...) {
    fs::remove(json_path);
    throw;
  }
  fs::remove(json_path);
  // Racing writers of the same classic checkpoint produce the same content: replacing is safe.
  fs::rename(parquet_path, final_path);
  const nlohmann::json last = {{"version", snapshot.version},
                               {"size", static_cast<int64_t>(actions.size())},
                               {"sizeInBytes", static_cast<int64_t>(fs::file_size(final_path))},
                               {"numOfAddFiles", static_cast<int64_t>(snapshot.files.size())}};
  // Do not move the hint backwards if a newer checkpoint was recorded meanwhile.
  const std::string last_path = log_dir + "/_last_checkpoint";
  std::error_code ec;
  if (fs::exists(last_path, ec)) {
    try {
      const auto existing = nlohmann::json::parse(ReadWholeFile(last_path));
      if (existing.value("version", int64_t{-1}) > snapshot.version) return;
    } catch (const std::exception&) {
      // An unreadable hint is replaced.
    }
  }
  ReplaceFileAtomically(last_path, last.dump());
}

}  // namespace ff::delta
