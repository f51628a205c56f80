// Delta deletion vectors: Z85 text, the RoaringBitmap bytes, and the DV file framing
// (version byte, size, data, CRC) read at an offset. The first byte picks the storage.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "delta/deletion_vector.hpp"
#include "fuzz_support.hpp"

using namespace ff::delta;
namespace fs = std::filesystem;

namespace {

const fs::path& Root() {
  static const fs::path root = [] {
    fs::path dir = fs::temp_directory_path() / ("ff-fuzz-dv-" + std::to_string(getpid()));
    fs::create_directories(dir);
    return dir;
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ff::fuzz::Input in(data, size);
  const uint8_t mode = in.Byte() % 3;
  DeletionVector dv;
  dv.size_in_bytes = static_cast<int32_t>(in.U16()) - 8;
  dv.cardinality = static_cast<int64_t>(in.U16()) - 8;
  dv.offset = static_cast<int32_t>(in.U16()) - 8;
  const std::string bytes(in.Rest());
  if (mode == 0) {  // bitmap bytes as such
    ff::fuzz::Expect([&] { (void)ParseDeletionBitmap(bytes, 100000); });
  } else if (mode == 1) {  // inline: the bytes are the Z85 text
    dv.storage_type = "i";
    dv.path_or_inline_dv = bytes;
    ff::fuzz::Expect([&] { (void)DeletedRows(Root().string(), dv); });
  } else {  // a UUID-named file holding the bytes
    dv.storage_type = "u";
    dv.path_or_inline_dv = "ab" + Z85Encode(std::string(16, '\x11'));
    const std::string path =
        Root() / "ab" / "deletion_vector_11111111-1111-1111-1111-111111111111.bin";
    fs::create_directories(Root() / "ab");
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    ff::fuzz::Expect([&] { (void)DeletedRows(Root().string(), dv); });
  }
  return 0;
}
