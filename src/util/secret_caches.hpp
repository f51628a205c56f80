// Caches that hold secrets (access tokens, key material kept for reuse) register here, so they
// can all be emptied at once: when the master key rotates, and when the process exits.
//
// Contract:
//  - RegisterSecretCache returns an id; the cache unregisters with it before it dies.
//  - ClearSecretCaches calls every registered clear function (each must be thread-safe and
//    must not throw; it may destroy caches, which then unregister); it runs by itself at
//    process exit (std::atexit, installed on the first registration). A cache must not be
//    registered while its owner holds a lock its clear function takes.
#pragma once

#include <cstdint>
#include <functional>

namespace ff {

uint64_t RegisterSecretCache(std::function<void()> clear);
void UnregisterSecretCache(uint64_t id);
void ClearSecretCaches();

}  // namespace ff
