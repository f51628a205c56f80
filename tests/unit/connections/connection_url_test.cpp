// Every spelling of a password inside a database url is found, and never quoted back.
#include "connections/connection_url.hpp"

#include <gtest/gtest.h>

namespace ff::connections {
namespace {

TEST(PasswordInUrl, FindsEveryFormTheDriversAccept) {
  const char* with_password[] = {
      "postgresql://u:hunter2@h/db",
      "postgres://u:p%40ss@h:5432/db?sslmode=require",
      "postgresql://u:p@ss@h/db",  // an unescaped '@' inside the password
      "postgresql://u@h/db?password=hunter2",
      "postgresql://h/db?sslmode=require&password=hunter2",
      "postgresql://h/db?PASSWORD=hunter2",
      "postgresql://h/db?pass%77ord=hunter2",
      "postgresql://h/db?sslpassword=keypass",
      "mysql://u:hunter2@h/db",
      "mariadb://h/db?pwd=hunter2",
      "host=h password=hunter2",
      "host=h user=u password = 'two words'",
      "password='it\\'s' host=h",
      "  host = h   sslpassword=keypass",
  };
  for (const char* url : with_password) {
    auto form = PasswordInUrl(url);
    ASSERT_TRUE(form.has_value()) << url;
    EXPECT_EQ(form->find("hunter2"), std::string::npos);
    EXPECT_EQ(form->find("two words"), std::string::npos);
  }
  EXPECT_EQ(*PasswordInUrl("host=h password=x"), "password= in the connection string");
  EXPECT_EQ(*PasswordInUrl("postgresql://h/db?password=x"), "the url's ?password= parameter");
  EXPECT_EQ(*PasswordInUrl("postgresql://u:x@h/db"), "user:password@ in the url");
}

TEST(PasswordInUrl, LeavesUrlsWithoutOneAlone) {
  const char* without[] = {
      "",
      "postgresql://u@h/db",
      "postgresql://h:5432/db?sslmode=require&application_name=a:b",
      "postgresql://h/db?passfile=/home/u/.pgpass",
      "host=h user=u dbname='pass word'",
      "host=h application_name='password=x'",
      "/var/lib/db.sqlite",
      "postgresql://h/db#password=x",
  };
  for (const char* url : without) EXPECT_FALSE(PasswordInUrl(url).has_value()) << url;
}

}  // namespace
}  // namespace ff::connections
