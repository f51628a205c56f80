#include "delta/checkpoint_reader.hpp"

#include "delta/path_codec.hpp"
#include "delta/sql_session.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

std::vector<Action> ReadParquetRows(engine::Session& db, const std::vector<std::string>& paths,
                                    const std::string& what) {
  std::string list = "[";
  for (size_t i = 0; i < paths.size(); ++i) list += (i ? ", " : "") + SqlQuote(paths[i]);
  list += "]";
  // hive_partitioning=false: a table path such as /x=1/ must not invent columns.
  const std::string sql = "SELECT to_json(t) FROM read_parquet(" + list +
                          ", union_by_name=true, hive_partitioning=false) AS t";
  std::vector<Action> out;
  for (const TextRow& row : db.QueryText(sql, "reading " + what)) {
    if (!row.at(0)) continue;
    for (Action& action : ParseActions(nlohmann::json::parse(*row[0]), what)) {
      out.push_back(std::move(action));
    }
  }
  return out;
}

std::string SidecarPath(const std::string& log_dir, const std::string& path) {
  const std::string decoded = PercentDecode(path);
  if (IsAbsoluteUri(decoded)) return LocalPathFromUri(decoded);
  return log_dir + "/_sidecars/" + decoded;
}

}  // namespace

std::vector<Action> ReadCheckpointActions(engine::Session& db, const CheckpointRef& checkpoint,
                                          const std::string& log_dir) {
  const std::string what = "checkpoint " + checkpoint.paths.front();
  std::vector<Action> actions;
  if (checkpoint.paths.front().ends_with(".json")) {
    actions = ParseCommitText(ReadWholeFile(checkpoint.paths.front()), what);
  } else {
    actions = ReadParquetRows(db, checkpoint.paths, what);
  }
  std::vector<std::string> sidecars;
  for (const Action& action : actions) {
    if (const auto* sidecar = std::get_if<SidecarFile>(&action)) {
      sidecars.push_back(SidecarPath(log_dir, sidecar->path));
    }
  }
  if (!sidecars.empty()) {
    for (Action& action : ReadParquetRows(db, sidecars, "sidecars of " + what)) {
      actions.push_back(std::move(action));
    }
  }
  return actions;
}

}  // namespace ff::delta
