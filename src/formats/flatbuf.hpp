// Just enough FlatBuffers for Arrow IPC metadata, by hand: a bounds-checked reader (every
// offset, vtable and vector is checked against the buffer; failures throw flatbuf::Corrupt)
// and a small builder that lays objects out front to back with natural alignment (tables at
// 8, vtables before their tables, children after the fields that point at them).
// Internal to src/formats.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace ff::formats::flatbuf {

//! Thrown by the reader; the caller names the file.
struct Corrupt {
  std::string what;
};

class Table {
 public:
  //! The root table of the flatbuffer in [data, data + size).
  static Table Root(const uint8_t* data, size_t size);
  Table(const uint8_t* data, size_t size, size_t pos, int depth);

  bool Has(int id) const { return FieldPos(id) != 0; }
  template <typename T>
  T Scalar(int id, T fallback) const {
    const size_t at = FieldPos(id);
    return at ? Read<T>(at) : fallback;
  }
  //! A sub-table (throws when absent).
  Table Sub(int id) const;
  //! A string field ("" when absent).
  std::string String(int id) const;
  //! Element count of a vector field (0 when absent), and where its elements start.
  uint32_t VectorCount(int id, size_t element_size, size_t* start) const;
  //! The i-th table of a vector of tables starting at `start`.
  Table TableAt(size_t start, uint32_t index) const;
  //! Reads a T at an absolute position, checked.
  template <typename T>
  T Read(size_t at) const {
    if (at > size_ || size_ - at < sizeof(T)) throw Corrupt{"metadata offset out of bounds"};
    T out;
    std::memcpy(&out, data_ + at, sizeof(T));
    return out;
  }

 private:
  size_t FieldPos(int id) const;
  size_t Follow(size_t at) const;

  const uint8_t* data_;
  size_t size_, pos_, vtable_;
  uint16_t vtable_size_;
  int depth_;
};

//! An object to serialize: a table (scalars and children by field id), a string, a vector of
//! tables, or a vector of raw structs.
struct Object;
using ObjectPtr = std::shared_ptr<Object>;
struct Object {
  enum class Kind { kTable, kString, kTables, kStructs } kind = Kind::kTable;
  struct Field {
    int id;
    size_t size;  // scalar width in bytes; 4 for a child offset
    uint64_t scalar;
    ObjectPtr child;
  };
  std::vector<Field> fields;
  std::string bytes;  // string text or struct bytes
  uint32_t count = 0;
  size_t struct_align = 8;
  std::vector<ObjectPtr> items;

  Object& Add(int id, size_t size, uint64_t value) {
    fields.push_back({id, size, value, nullptr});
    return *this;
  }
  Object& AddChild(int id, ObjectPtr child) {
    fields.push_back({id, 4, 0, std::move(child)});
    return *this;
  }
};

ObjectPtr NewTable();
ObjectPtr NewString(std::string text);
ObjectPtr NewTables(std::vector<ObjectPtr> items);
ObjectPtr NewStructs(std::string bytes, uint32_t count);

//! The flatbuffer with `root` as its root table, padded to a multiple of 8 bytes.
std::string Finish(const ObjectPtr& root);

}  // namespace ff::formats::flatbuf
