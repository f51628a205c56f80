// The message of the ff::Error an action throws, after checking its code (a test failure
// when it throws nothing or another code).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "flowfile/errors.hpp"

namespace ff::test_support {

inline std::string MessageOf(const std::function<void()>& action, ErrorCode expected) {
  try {
    action();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), expected) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

//! The ff::Error `action` throws (a test failure when it throws none).
inline Error CaughtFrom(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected an ff::Error";
  return Error(ErrorCode::kInternal, "none");
}

}  // namespace ff::test_support
