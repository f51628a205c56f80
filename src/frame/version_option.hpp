// `version` and `delta_version` are one option under two names (ours and Flowfile's).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "flowfile/errors.hpp"

namespace ff::frame {

//! The one given, or both when they agree; kInvalidArgument naming `call` when they differ.
inline std::optional<int64_t> OneVersion(std::optional<int64_t> version,
                                         std::optional<int64_t> delta_version,
                                         const std::string& call) {
  if (version && delta_version && *version != *delta_version) {
    throw Error(ErrorCode::kInvalidArgument,
                call + ": version=" + std::to_string(*version) +
                    " and delta_version=" + std::to_string(*delta_version) +
                    " name the same option (delta_version is Flowfile's name for it); give one");
  }
  return version ? version : delta_version;
}

}  // namespace ff::frame
