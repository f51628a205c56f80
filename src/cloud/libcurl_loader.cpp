// The libcurl functions the HTTP transport calls, each forwarding to libcurl.so.4 opened on
// first use. Hidden: they never leave the binary that links them.
#include "cloud/libcurl_loader.hpp"

#include <cstdarg>

#pragma GCC visibility push(hidden)
// The plain prototypes: curl's type-checking macros would rename the definitions below.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

namespace ff::cloud {

util::SharedLibrary& Libcurl() {
  static util::SharedLibrary library("HTTP connections (cloud storage, REST APIs)", "libcurl.so.4",
                                     "libcurl4");
  return library;
}

}  // namespace ff::cloud

#define CU(ret, name, params, args) FF_FORWARD(ff::cloud::Libcurl(), ret, name, params, args)
#define CU_RELEASE(name, params, first, args) \
  FF_FORWARD_RELEASE(ff::cloud::Libcurl(), name, params, first, args)

extern "C" {
CU(CURLcode, curl_global_init, (long flags), (flags))
CU(CURL*, curl_easy_init, (void), ())
CU(CURLcode, curl_easy_perform, (CURL * curl), (curl))
CU(void, curl_easy_reset, (CURL * curl), (curl))
CU_RELEASE(curl_easy_cleanup, (CURL * curl), curl, (curl))
CU(const char*, curl_easy_strerror, (CURLcode code), (code))
CU(struct curl_slist*, curl_slist_append, (struct curl_slist * list, const char* data),
   (list, data))
CU_RELEASE(curl_slist_free_all, (struct curl_slist * list), list, (list))

// The variadic two: an option's number says the type of its one argument (curl.h's
// CURLOPTTYPE_* ranges), so it is read as that type and passed on unchanged.
CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  static const auto real =
      ff::cloud::Libcurl().Function<decltype(&curl_easy_setopt)>("curl_easy_setopt");
  va_list arguments;
  va_start(arguments, option);
  CURLcode code;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    code = real(curl, option, va_arg(arguments, long));
  } else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB) {
    code = real(curl, option, va_arg(arguments, curl_off_t));
  } else {  // object and function pointers, blobs: all passed as pointers
    code = real(curl, option, va_arg(arguments, void*));
  }
  va_end(arguments);
  return code;
}

// Every CURLINFO_* takes a pointer to where the answer goes.
CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  static const auto real =
      ff::cloud::Libcurl().Function<decltype(&curl_easy_getinfo)>("curl_easy_getinfo");
  va_list arguments;
  va_start(arguments, info);
  void* answer = va_arg(arguments, void*);
  va_end(arguments);
  return real(curl, info, answer);
}
}
#pragma GCC visibility pop
