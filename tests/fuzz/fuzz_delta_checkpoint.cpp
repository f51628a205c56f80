// Delta checkpoints: a classic Parquet checkpoint read through DuckDB and parsed as actions,
// or a V2 JSON checkpoint with its sidecar references. The first byte picks the form; the
// rest is the file's bytes, written into a scratch table's _delta_log.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "delta/checkpoint_reader.hpp"
#include "delta/log_replay.hpp"
#include "engine/session.hpp"
#include "flowfile/delta.hpp"
#include "fuzz_support.hpp"

using namespace ff::delta;
namespace fs = std::filesystem;

namespace {

const fs::path& Root() {
  static const fs::path root = [] {
    fs::path dir = fs::temp_directory_path() / ("ff-fuzz-checkpoint-" + std::to_string(getpid()));
    fs::create_directories(dir / "_delta_log" / "_sidecars");
    return dir;
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ff::engine::Session db;  // one session of the engine for the whole run
  ff::fuzz::Input in(data, size);
  const bool parquet = in.Byte() % 2 == 0;
  const std::string_view bytes = in.Rest();
  CheckpointRef ref;
  ref.version = 10;
  ref.paths = {(Root() / "_delta_log" /
                (parquet ? "00000000000000000010.checkpoint.parquet"
                         : "00000000000000000010.checkpoint.0123.json"))
                   .string()};
  ref.kind = parquet ? CheckpointRef::Kind::kClassic : CheckpointRef::Kind::kV2;
  {
    std::ofstream out(ref.paths.front(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ff::fuzz::Expect([&] {
    const std::vector<Action> actions =
        ReadCheckpointActions(db, ref, (Root() / "_delta_log").string());
    LogReplay replay(Root().string());
    replay.Apply(actions);
    Snapshot snapshot;
    replay.Finish(snapshot);
  });
  fs::remove(ref.paths.front());
  return 0;
}
