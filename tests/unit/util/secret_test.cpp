#include "flowfile/secret.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>

namespace ff {
namespace {

static_assert(!std::is_convertible_v<Secret, std::string>, "no implicit conversion to string");
static_assert(!std::is_copy_constructible_v<Secret>, "move-only");

TEST(Secret, PrintsMaskedAndRevealsOnRequest) {
  Secret s("hunter2");
  std::ostringstream os;
  os << s;
  EXPECT_EQ(os.str(), "**********");
  EXPECT_EQ(s.ToString(), "**********");
  EXPECT_EQ(s.Reveal(), "hunter2");
}

TEST(Secret, MoveLeavesTheSourceEmpty) {
  Secret a("abc");
  Secret b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the contract under test
  EXPECT_EQ(b.Reveal(), "abc");
  Secret c;
  c = std::move(b);
  EXPECT_EQ(c.Reveal(), "abc");
  EXPECT_EQ(c.Clone().Reveal(), "abc");
}

TEST(Secret, AdoptWipesTheCallersBuffer) {
  std::string plain = "p@ss";
  Secret s = Secret::Adopt(plain);
  EXPECT_TRUE(plain.empty());
  EXPECT_EQ(s.Reveal(), "p@ss");
}

}  // namespace
}  // namespace ff
