// Shared by the fuzz targets: the rule is that a parser either succeeds or throws ff::Error.
// Any other exception (std::out_of_range from a stoll, a json type_error) escapes and libFuzzer
// reports it as a crash, as do ASan and UBSan findings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "flowfile/errors.hpp"

namespace ff::fuzz {

//! Runs `body`, swallowing only ff::Error (the documented failure of every parser).
template <typename Body>
void Expect(Body&& body) {
  try {
    body();
  } catch (const ff::Error&) {
  }
}

//! Reads the fuzz input front to back; past the end every read yields zeros / empty.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t U16() { return static_cast<uint16_t>(Byte() << 8 | Byte()); }
  std::string_view Take(size_t n) {
    n = n < size_ - pos_ ? n : size_ - pos_;
    std::string_view out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }
  std::string_view Rest() { return Take(size_ - pos_); }
  bool Empty() const { return pos_ >= size_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace ff::fuzz
