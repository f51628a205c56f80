// Delta commit files: newline-delimited JSON actions, then log replay of them and the
// schema of the table's metadata.
#include <string>

#include "delta/actions.hpp"
#include "delta/log_replay.hpp"
#include "flowfile/delta.hpp"
#include "fuzz_support.hpp"

using namespace ff::delta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ff::fuzz::Expect([&] {
    const std::vector<Action> actions = ParseCommitText(text, "fuzz.json");
    // What was parsed serialises again and parses to the same actions.
    std::string again;
    for (const Action& action : actions) again += ActionToJson(action).dump() + "\n";
    if (!actions.empty() && ParseCommitText(again, "again.json").size() != actions.size())
      __builtin_trap();
    LogReplay replay("/fuzz/table");
    replay.Apply(actions);
    Snapshot snapshot;
    replay.Finish(snapshot);
    (void)ParseSchema(snapshot.metadata.schema_string);
  });
  return 0;
}
