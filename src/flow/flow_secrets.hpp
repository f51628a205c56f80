// A flow file never carries a credential. Saving refuses a flow whose nodes hold one in the
// open: an inline database password, or a REST API reader whose auth, credential-like headers
// (Authorization, Cookie, *key*, *token*, *secret*, *password*, ...), credential-like query
// parameters or URL user info hold a value instead of naming a secret.
#pragma once

#include <string>

#include "flow/flow_model.hpp"

namespace ff::flow {

//! Throws kInvalidArgument "refusing to save '<target>': node N (...) holds ..." with how to
//! name a secret instead. Values of the form "${secret:NAME}" are references, not credentials.
void RefuseInlineCredentials(const FlowModel& model, const std::string& target);

}  // namespace ff::flow
