// ff::Secret holds a plaintext credential for as short a time as a call needs it.
//
// Contract:
//  - never printed: operator<< and ToString() give "**********";
//  - never converted to std::string implicitly: Reveal() must be called by name;
//  - move-only (Clone() copies on purpose), and the bytes are wiped with
//    OPENSSL_cleanse when the object dies or is moved from.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

namespace ff {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string_view plaintext);
  //! Take ownership of `plaintext` and wipe the caller's buffer.
  static Secret Adopt(std::string& plaintext);
  ~Secret();

  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;

  Secret Clone() const { return Secret(Reveal()); }
  //! The plaintext. The view lives as long as this object; do not copy it into logs.
  std::string_view Reveal() const noexcept { return {data_, size_}; }
  bool empty() const noexcept { return size_ == 0; }
  size_t size() const noexcept { return size_; }
  static constexpr std::string_view kMask = "**********";
  std::string ToString() const { return std::string(kMask); }

 private:
  void Wipe() noexcept;
  char* data_ = nullptr;
  size_t size_ = 0;
};

std::ostream& operator<<(std::ostream& os, const Secret&);

}  // namespace ff
