// add.path is an RFC 2396 URI reference: percent-decoded exactly once, `+` kept as is.
#pragma once

#include <string>

#include "util/percent.hpp"

namespace ff::delta {

//! Decodes %XX escapes once (`+` kept). Malformed escapes are kept literally.
using ff::PercentDecode;

//! Encodes everything but RFC 3986 path characters (unreserved, sub-delims, ':', '@', '/')
//! as %XX: a space becomes %20 and '%' becomes %25.
std::string PercentEncodePath(const std::string& text);

//! True for "scheme:..." URIs and absolute paths ("/...").
bool IsAbsoluteUri(const std::string& decoded);

//! "file:///x/y", "file:/x/y" or "/x/y" -> "/x/y". Throws kUnsupported for other schemes.
std::string LocalPathFromUri(const std::string& decoded);

//! The local absolute path of a log path (relative to `table_root` or absolute), normalised.
//! Throws kInvalidArgument when it lies outside `table_root` (a relative path leaving it with
//! "..", an absolute path or file URI elsewhere), kUnsupported for a remote URI.
std::string ResolveDataPath(const std::string& table_root, const std::string& log_path);

//! `local` normalised, when it lies strictly under `table_root`; otherwise throws
//! kInvalidArgument naming `log_path` (the form the log wrote).
std::string InsideTable(const std::string& table_root, const std::string& local,
                        const std::string& log_path);

}  // namespace ff::delta
