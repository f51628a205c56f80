#include "flowfile/secret.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <ostream>

namespace ff {

Secret::Secret(std::string_view plaintext) {
  if (plaintext.empty()) return;
  data_ = new char[plaintext.size()];
  std::memcpy(data_, plaintext.data(), plaintext.size());
  size_ = plaintext.size();
}

Secret Secret::Adopt(std::string& plaintext) {
  Secret s(plaintext);
  OPENSSL_cleanse(plaintext.data(), plaintext.size());
  plaintext.clear();
  return s;
}

Secret::~Secret() { Wipe(); }

Secret::Secret(Secret&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Wipe();
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

void Secret::Wipe() noexcept {
  if (data_ != nullptr) {
    OPENSSL_cleanse(data_, size_);
    delete[] data_;
  }
  data_ = nullptr;
  size_ = 0;
}

std::ostream& operator<<(std::ostream& os, const Secret&) { return os << Secret::kMask; }

}  // namespace ff
