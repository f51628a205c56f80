// The file-format readers of src/formats (Arrow IPC files and streams, Avro container files,
// .xlsx workbooks): any bytes give a table or an ff::Error.
#include "formats/arrow_ipc.hpp"
#include "formats/avro.hpp"
#include "formats/xlsx.hpp"
#include "fuzz_support.hpp"

using namespace ff::formats;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  ff::fuzz::Expect([&] { (void)ReadIpcBytes(bytes, "fuzz.arrow"); });
  ff::fuzz::Expect([&] { (void)ReadAvroBytes(bytes, "fuzz.avro"); });
  ff::fuzz::Expect([&] {
    XlsxReadOptions options;
    options.type_inference = size % 2 == 0;
    (void)ReadXlsxBytes(bytes, "fuzz.xlsx", options);
  });
  return 0;
}
