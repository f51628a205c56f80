#include "util/secret_caches.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

namespace ff {
namespace {

struct Registry {
  // Recursive: a clear function may destroy a cache, which unregisters on the same thread.
  std::recursive_mutex mutex;
  uint64_t next_id = 0;
  std::map<uint64_t, std::function<void()>> clears;
};

// Never destroyed: the exit handler and caches in other static objects may run after this
// translation unit's statics would have been torn down.
Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

uint64_t RegisterSecretCache(std::function<void()> clear) {
  static const bool at_exit = [] { return std::atexit([] { ClearSecretCaches(); }) == 0; }();
  (void)at_exit;
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  const uint64_t id = ++registry.next_id;
  registry.clears.emplace(id, std::move(clear));
  return id;
}

void UnregisterSecretCache(uint64_t id) {
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  registry.clears.erase(id);
}

void ClearSecretCaches() {
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  std::vector<uint64_t> ids;
  for (const auto& entry : registry.clears) ids.push_back(entry.first);
  for (const uint64_t id : ids) {
    const auto it = registry.clears.find(id);  // an earlier clear may have unregistered it
    if (it == registry.clears.end()) continue;
    const std::function<void()> clear = it->second;
    clear();
  }
}

}  // namespace ff
