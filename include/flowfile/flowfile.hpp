// Flowfile's C++ API in one include: frames, expressions, flows, connections, the catalog,
// cloud storage, Delta tables, the secret store and the hand-off to the web app's Designer.
//
//   #include <flowfile/flowfile.hpp>
//   ff::Flow::Open("sales.yaml").Run();
//
// Build against the installed library with CMake:
//   find_package(flowfile REQUIRED)
//   target_link_libraries(app PRIVATE flowfile::flowfile)
//
// Contract: every declaration here is the same as in the single headers it includes; this
// header adds nothing of its own.
#pragma once

#include "flowfile/audit.hpp"
#include "flowfile/catalog.hpp"
#include "flowfile/catalog_frames.hpp"
#include "flowfile/cloud_frames.hpp"
#include "flowfile/connections.hpp"
#include "flowfile/database.hpp"
#include "flowfile/delta.hpp"
#include "flowfile/delta_frames.hpp"
#include "flowfile/dtypes.hpp"
#include "flowfile/editor.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/expr.hpp"
#include "flowfile/flow.hpp"
#include "flowfile/formulas.hpp"
#include "flowfile/frame.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/secret.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/transfer.hpp"
#include "flowfile/value.hpp"
#include "flowfile/warnings.hpp"
#include "flowfile/workspace.hpp"
