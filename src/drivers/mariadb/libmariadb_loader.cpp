// The MariaDB Connector/C functions the MariaDB driver calls, each forwarding to
// libmariadb.so.3 opened on first use. Hidden: they never leave the binary that links them.
#include "drivers/mariadb/libmariadb_loader.hpp"

#pragma GCC visibility push(hidden)
#include <mysql.h>

namespace ff::drivers::mariadb {

util::SharedLibrary& Libmariadb() {
  static util::SharedLibrary library("MariaDB and MySQL connections", "libmariadb.so.3",
                                     "libmariadb3");
  return library;
}

}  // namespace ff::drivers::mariadb

#define MY(ret, name, params, args) \
  FF_FORWARD(ff::drivers::mariadb::Libmariadb(), ret, name, params, args)
#define MY_RELEASE(name, params, first, args) \
  FF_FORWARD_RELEASE(ff::drivers::mariadb::Libmariadb(), name, params, first, args)

extern "C" {
MY(MYSQL*, mysql_init, (MYSQL * mysql), (mysql))
MY(int, mysql_options, (MYSQL * mysql, enum mysql_option option, const void* arg),
   (mysql, option, arg))
MY(MYSQL*, mysql_real_connect,
   (MYSQL * mysql, const char* host, const char* user, const char* passwd, const char* db,
    unsigned int port, const char* unix_socket, unsigned long clientflag),
   (mysql, host, user, passwd, db, port, unix_socket, clientflag))
MY(int, mysql_set_character_set, (MYSQL * mysql, const char* csname), (mysql, csname))
MY_RELEASE(mysql_close, (MYSQL * sock), sock, (sock))
MY(unsigned int, mysql_errno, (MYSQL * mysql), (mysql))
MY(const char*, mysql_error, (MYSQL * mysql), (mysql))
MY(int, mysql_query, (MYSQL * mysql, const char* q), (mysql, q))
MY(int, mysql_real_query, (MYSQL * mysql, const char* q, unsigned long length), (mysql, q, length))
MY(unsigned long, mysql_real_escape_string,
   (MYSQL * mysql, char* to, const char* from, unsigned long length), (mysql, to, from, length))
MY(MYSQL_RES*, mysql_store_result, (MYSQL * mysql), (mysql))
MY(MYSQL_RES*, mysql_use_result, (MYSQL * mysql), (mysql))
MY(unsigned int, mysql_num_fields, (MYSQL_RES * res), (res))
MY(MYSQL_FIELD*, mysql_fetch_fields, (MYSQL_RES * res), (res))
MY(MYSQL_ROW, mysql_fetch_row, (MYSQL_RES * result), (result))
MY(unsigned long*, mysql_fetch_lengths, (MYSQL_RES * result), (result))
MY_RELEASE(mysql_free_result, (MYSQL_RES * result), result, (result))
}
#pragma GCC visibility pop
