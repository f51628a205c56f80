// The libpq functions the PostgreSQL driver calls, each forwarding to libpq.so.5 opened on
// first use. Hidden: these definitions never leave the binary that links them.
#include "drivers/postgres/libpq_loader.hpp"

#pragma GCC visibility push(hidden)
#include <libpq-fe.h>

namespace ff::drivers::postgres {

util::SharedLibrary& Libpq() {
  static util::SharedLibrary library("PostgreSQL connections", "libpq.so.5", "libpq5");
  return library;
}

}  // namespace ff::drivers::postgres

#define PQ(ret, name, params, args) \
  FF_FORWARD(ff::drivers::postgres::Libpq(), ret, name, params, args)
#define PQ_RELEASE(name, params, first, args) \
  FF_FORWARD_RELEASE(ff::drivers::postgres::Libpq(), name, params, first, args)

extern "C" {
PQ(PGconn*, PQconnectdbParams,
   (const char* const* keywords, const char* const* values, int expand_dbname),
   (keywords, values, expand_dbname))
PQ(ConnStatusType, PQstatus, (const PGconn* conn), (conn))
PQ(int, PQconnectionNeedsPassword, (const PGconn* conn), (conn))
PQ(char*, PQerrorMessage, (const PGconn* conn), (conn))
PQ(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * conn, PQnoticeProcessor proc, void* arg),
   (conn, proc, arg))
PQ_RELEASE(PQfinish, (PGconn * conn), conn, (conn))
PQ(PGcancel*, PQgetCancel, (PGconn * conn), (conn))
PQ(int, PQcancel, (PGcancel * cancel, char* errbuf, int errbufsize), (cancel, errbuf, errbufsize))
PQ_RELEASE(PQfreeCancel, (PGcancel * cancel), cancel, (cancel))
PQ(PGresult*, PQexec, (PGconn * conn, const char* query), (conn, query))
PQ(PGresult*, PQexecParams,
   (PGconn * conn, const char* command, int nParams, const Oid* paramTypes,
    const char* const* paramValues, const int* paramLengths, const int* paramFormats,
    int resultFormat),
   (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
PQ(PGresult*, PQprepare,
   (PGconn * conn, const char* stmtName, const char* query, int nParams, const Oid* paramTypes),
   (conn, stmtName, query, nParams, paramTypes))
PQ(PGresult*, PQdescribePrepared, (PGconn * conn, const char* stmt), (conn, stmt))
PQ(PGresult*, PQgetResult, (PGconn * conn), (conn))
PQ_RELEASE(PQclear, (PGresult * res), res, (res))
PQ(ExecStatusType, PQresultStatus, (const PGresult* res), (res))
PQ(char*, PQresultErrorMessage, (const PGresult* res), (res))
PQ(char*, PQresultErrorField, (const PGresult* res, int fieldcode), (res, fieldcode))
PQ(int, PQntuples, (const PGresult* res), (res))
PQ(int, PQnfields, (const PGresult* res), (res))
PQ(char*, PQfname, (const PGresult* res, int field_num), (res, field_num))
PQ(Oid, PQftype, (const PGresult* res, int field_num), (res, field_num))
PQ(int, PQfmod, (const PGresult* res, int field_num), (res, field_num))
PQ(int, PQgetisnull, (const PGresult* res, int tup_num, int field_num), (res, tup_num, field_num))
PQ(int, PQgetlength, (const PGresult* res, int tup_num, int field_num), (res, tup_num, field_num))
PQ(char*, PQgetvalue, (const PGresult* res, int tup_num, int field_num), (res, tup_num, field_num))
PQ(int, PQgetCopyData, (PGconn * conn, char** buffer, int async), (conn, buffer, async))
PQ(int, PQputCopyData, (PGconn * conn, const char* buffer, int nbytes), (conn, buffer, nbytes))
PQ(int, PQputCopyEnd, (PGconn * conn, const char* errormsg), (conn, errormsg))
PQ_RELEASE(PQfreemem, (void* ptr), ptr, (ptr))
}
#pragma GCC visibility pop
