// WriteTable on a session the caller already holds (the catalog materialises its source in a
// temp table first, which only that session sees).
#pragma once

#include "delta/sql_session.hpp"
#include "flowfile/delta.hpp"

namespace ff::delta {

//! WriteTable with `session` instead of a new one.
WriteResult WriteTableWith(SqlSession& session, const WriteRequest& request);

}  // namespace ff::delta
