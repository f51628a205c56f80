#include "preview_gate.hpp"

namespace ff::server {

PreviewGate::Ticket::~Ticket() { gate_.Leave(*this); }

std::unique_ptr<PreviewGate::Ticket> PreviewGate::Enter(const std::string& key) {
  std::unique_lock lock(mutex_);
  std::unique_ptr<Ticket> ticket(new Ticket(*this, key, next_serial_++));
  live_[ticket->serial_] = ticket.get();
  if (!key.empty()) {
    auto [it, inserted] = by_key_.try_emplace(key, ticket.get());
    if (!inserted) {
      it->second->token_.Cancel();  // the page moved on: its previous preview is stale
      it->second = ticket.get();
      freed_.notify_all();  // it may be waiting for a place
    }
  }
  // Waiters wake on a freed place and on cancellation (both notify `freed_`).
  freed_.wait(lock, [&] { return free_ > 0 || ticket->cancelled(); });
  if (!ticket->cancelled()) {
    --free_;
    ++running_;
    ticket->holds_place_ = true;
  }
  return ticket;
}

bool PreviewGate::Cancel(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return false;
  it->second->token_.Cancel();
  by_key_.erase(it);
  freed_.notify_all();
  return true;
}

void PreviewGate::CancelAll() {
  std::lock_guard lock(mutex_);
  for (auto& [serial, ticket] : live_) ticket->token_.Cancel();
  by_key_.clear();
  freed_.notify_all();
}

size_t PreviewGate::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void PreviewGate::Leave(Ticket& ticket) {
  std::lock_guard lock(mutex_);
  live_.erase(ticket.serial_);
  if (auto it = by_key_.find(ticket.key_); it != by_key_.end() && it->second == &ticket) {
    by_key_.erase(it);
  }
  if (ticket.holds_place_) {
    ++free_;
    --running_;
  }
  freed_.notify_all();
}

}  // namespace ff::server
