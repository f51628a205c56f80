// The Designer's previews: a bounded number run at once, and each can be cancelled.
//
// Why: a preview runs DuckDB queries on the request thread that asked for it (cpp-httplib
// 0.11 cannot tell a handler that its client went away). Without a bound, a user clicking
// through slow nodes starts query after query that nobody reads any more, each holding a
// thread and the cores. A page therefore sends a key with its previews: a new preview with
// the same key cancels the one before it (interrupting its query in the engine), and
// DELETE /api/v1/flows/preview/{key} cancels it when the page closes.
//
// Contract:
//  - Enter(key) registers the preview under `key` (empty: no key, nothing can replace it),
//    cancels the key's previous preview, then waits for one of `slots` places. It returns
//    when the place is held or the preview was cancelled while waiting: check cancelled().
//  - Engine work the caller runs under the ticket's token (ff::CancelScope) is interrupted
//    by Cancel(key), by a newer Enter(key) and by CancelAll().
//  - The ticket frees its place and its key on destruction.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "flowfile/cancel.hpp"

namespace ff::server {

class PreviewGate {
 public:
  explicit PreviewGate(size_t slots) : free_(slots == 0 ? 1 : slots) {}
  PreviewGate(const PreviewGate&) = delete;
  PreviewGate& operator=(const PreviewGate&) = delete;

  class Ticket {
   public:
    ~Ticket();
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    const CancelToken& token() const { return token_; }
    bool cancelled() const { return token_.cancelled(); }

   private:
    friend class PreviewGate;
    Ticket(PreviewGate& gate, std::string key, uint64_t serial)
        : gate_(gate), key_(std::move(key)), serial_(serial) {}
    PreviewGate& gate_;
    std::string key_;
    uint64_t serial_;
    CancelToken token_;
    bool holds_place_ = false;
  };

  std::unique_ptr<Ticket> Enter(const std::string& key);
  //! Cancels the preview registered under `key`; false when there is none.
  bool Cancel(const std::string& key);
  //! Cancels every preview, running or waiting (server shutdown).
  void CancelAll();
  //! Previews holding a place now.
  size_t running() const;

 private:
  void Leave(Ticket& ticket);

  mutable std::mutex mutex_;
  std::condition_variable freed_;
  size_t free_;
  size_t running_ = 0;
  uint64_t next_serial_ = 0;
  std::map<std::string, Ticket*> by_key_;  // the newest preview of each key
  std::map<uint64_t, Ticket*> live_;       // every ticket, for CancelAll
};

}  // namespace ff::server
