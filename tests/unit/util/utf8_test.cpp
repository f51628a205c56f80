// UTF-8 validity as JSON needs it.
#include "util/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ff::util {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_FALSE(FirstInvalidUtf8(""));
  EXPECT_FALSE(FirstInvalidUtf8("plain ascii"));
  EXPECT_FALSE(FirstInvalidUtf8("café 日本語 \xF0\x9F\x98\x80"));
}

TEST(Utf8, NamesTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidUtf8("ab\x90"), 2u);              // a lone continuation byte
  EXPECT_EQ(FirstInvalidUtf8("\xC3"), 0u);                // cut short
  EXPECT_EQ(FirstInvalidUtf8("x\xC0\xAF"), 1u);           // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);        // a surrogate
  EXPECT_EQ(FirstInvalidUtf8("ok\xF4\x90\x80\x80"), 2u);  // past U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8(std::string("\xE2\x82", 2)), 0u);
}

}  // namespace
}  // namespace ff::util
