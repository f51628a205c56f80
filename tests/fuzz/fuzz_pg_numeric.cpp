// PostgreSQL binary numeric: decoding to DECIMAL/DOUBLE, and encoding from text.
// Input: a scale byte, then the numeric's wire bytes (also tried as the text of a number).
#include <string>

#include "drivers/postgres/pg_numeric.hpp"
#include "fuzz_support.hpp"

using namespace ff::drivers::postgres;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ff::fuzz::Input in(data, size);
  const int scale = in.Byte() % 39;
  const std::string_view bytes = in.Rest();
  const auto length = static_cast<int32_t>(bytes.size());
  ff::fuzz::Expect(
      [&] { (void)ScaledToText(NumericToScaled(bytes.data(), length, scale), scale); });
  ff::fuzz::Expect([&] { (void)NumericToDouble(bytes.data(), length); });
  // Text that encodes must decode again: the encoder never produces malformed bytes.
  std::string encoded;
  bool ok = false;
  ff::fuzz::Expect([&] {
    AppendNumericFromText(bytes, encoded);
    ok = true;
  });
  if (ok) (void)NumericToDouble(encoded.data(), static_cast<int32_t>(encoded.size()));
  return 0;
}
