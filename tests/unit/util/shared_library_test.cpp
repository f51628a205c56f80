// Libraries opened on first use: a missing one is an error in our words, never a crash.
#include "util/shared_library.hpp"

#include <gtest/gtest.h>

#include "expect_error.hpp"
#include "flowfile/errors.hpp"

namespace ff::util {
namespace {

TEST(SharedLibrary, AMissingLibraryIsRefusedNamingTheFeatureAndThePackage) {
  SharedLibrary library("Teradata connections", "libnot-a-real-library.so.9", "libteradata9");
  EXPECT_FALSE(library.Available());
  const std::string message =
      test_support::MessageOf([&] { library.Symbol("anything"); }, ErrorCode::kUnsupported);
  EXPECT_NE(message.find("Teradata connections"), std::string::npos) << message;
  EXPECT_NE(message.find("libnot-a-real-library.so.9"), std::string::npos) << message;
  EXPECT_NE(message.find("Debian package libteradata9"), std::string::npos) << message;
}

TEST(SharedLibrary, AMissingSymbolIsRefusedByName) {
  SharedLibrary library("Compression", "libz.so.1", "zlib1g");
  ASSERT_TRUE(library.Available());
  EXPECT_NE(library.Symbol("zlibVersion"), nullptr);
  const std::string message = test_support::MessageOf([&] { library.Symbol("zlibNoSuchFunction"); },
                                                      ErrorCode::kUnsupported);
  EXPECT_NE(message.find("zlibNoSuchFunction"), std::string::npos) << message;
}

TEST(SharedLibrary, ATypedFunctionCallsTheLibrary) {
  SharedLibrary library("Compression", "libz.so.1", "zlib1g");
  using Version = const char* (*)();
  const char* version = library.Function<Version>("zlibVersion")();
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(version[0], '1');
}

}  // namespace
}  // namespace ff::util
