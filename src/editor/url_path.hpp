// Percent-encoding of a workspace path for a URL (query value or fragment), '/' kept.
#pragma once

#include <string>

namespace ff::editor {

//! Letters, digits, "-._~" and '/' stay; every other byte becomes %XX.
std::string PercentEncodePath(const std::string& path);

}  // namespace ff::editor
