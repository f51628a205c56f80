// ff::CancelToken and ff::CancelScope (include/flowfile/cancel.hpp) over the engine's signal.
#include "engine/cancel.hpp"
#include "flowfile/cancel.hpp"

namespace ff {

CancelToken::CancelToken() : signal_(std::make_shared<engine::CancelSignal>()) {}
void CancelToken::Cancel() const { signal_->Cancel(); }
bool CancelToken::cancelled() const { return signal_->cancelled(); }

CancelScope::CancelScope(const CancelToken& token)
    : scope_(std::make_unique<engine::CancelScope>(token.signal_)) {}
CancelScope::~CancelScope() = default;

}  // namespace ff
