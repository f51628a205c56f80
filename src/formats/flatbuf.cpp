// FlatBuffers reading (checked) and building (front to back) for Arrow IPC metadata.
#include "formats/flatbuf.hpp"

#include <algorithm>

namespace ff::formats::flatbuf {

namespace {

constexpr int kMaxDepth = 64;

}  // namespace

Table Table::Root(const uint8_t* data, size_t size) {
  if (size < 8) throw Corrupt{"metadata shorter than a flatbuffer"};
  uint32_t root = 0;
  std::memcpy(&root, data, 4);
  return Table(data, size, root, 0);
}

Table::Table(const uint8_t* data, size_t size, size_t pos, int depth)
    : data_(data), size_(size), pos_(pos), vtable_(0), vtable_size_(0), depth_(depth) {
  if (depth > kMaxDepth) throw Corrupt{"metadata nested too deeply"};
  if (pos % 4 != 0) throw Corrupt{"misaligned metadata table"};
  const int64_t soffset = Read<int32_t>(pos);
  const int64_t vtable = static_cast<int64_t>(pos) - soffset;
  if (vtable < 0 || static_cast<uint64_t>(vtable) >= size) {
    throw Corrupt{"metadata vtable out of bounds"};
  }
  vtable_ = static_cast<size_t>(vtable);
  vtable_size_ = Read<uint16_t>(vtable_);
  const uint16_t table_size = Read<uint16_t>(vtable_ + 2);
  if (vtable_size_ < 4 || vtable_size_ % 2 != 0 || vtable_size_ > size - vtable_ ||
      table_size < 4 || table_size > size - pos) {
    throw Corrupt{"malformed metadata vtable"};
  }
}

size_t Table::FieldPos(int id) const {
  const size_t entry = 4 + 2 * static_cast<size_t>(id);
  if (entry + 2 > vtable_size_) return 0;
  const uint16_t offset = Read<uint16_t>(vtable_ + entry);
  if (offset == 0) return 0;
  if (offset >= Read<uint16_t>(vtable_ + 2)) throw Corrupt{"metadata field outside its table"};
  return pos_ + offset;
}

size_t Table::Follow(size_t at) const {
  const uint32_t offset = Read<uint32_t>(at);
  if (offset == 0 || offset > size_ - at) throw Corrupt{"metadata offset out of bounds"};
  return at + offset;
}

Table Table::Sub(int id) const {
  const size_t at = FieldPos(id);
  if (!at) throw Corrupt{"a required metadata table is missing"};
  return Table(data_, size_, Follow(at), depth_ + 1);
}

std::string Table::String(int id) const {
  const size_t at = FieldPos(id);
  if (!at) return {};
  const size_t start = Follow(at);
  const uint32_t length = Read<uint32_t>(start);
  if (length > size_ - start - 4) throw Corrupt{"metadata string out of bounds"};
  return std::string(reinterpret_cast<const char*>(data_ + start + 4), length);
}

uint32_t Table::VectorCount(int id, size_t element_size, size_t* start) const {
  const size_t at = FieldPos(id);
  if (!at) return 0;
  const size_t vector = Follow(at);
  const uint32_t count = Read<uint32_t>(vector);
  if (static_cast<uint64_t>(count) * element_size > size_ - vector - 4) {
    throw Corrupt{"metadata vector out of bounds"};
  }
  *start = vector + 4;
  return count;
}

Table Table::TableAt(size_t start, uint32_t index) const {
  return Table(data_, size_, Follow(start + 4 * static_cast<size_t>(index)), depth_ + 1);
}

ObjectPtr NewTable() { return std::make_shared<Object>(); }

ObjectPtr NewString(std::string text) {
  auto o = std::make_shared<Object>();
  o->kind = Object::Kind::kString, o->bytes = std::move(text);
  return o;
}

ObjectPtr NewTables(std::vector<ObjectPtr> items) {
  auto o = std::make_shared<Object>();
  o->kind = Object::Kind::kTables, o->items = std::move(items);
  return o;
}

ObjectPtr NewStructs(std::string bytes, uint32_t count) {
  auto o = std::make_shared<Object>();
  o->kind = Object::Kind::kStructs, o->bytes = std::move(bytes), o->count = count;
  return o;
}

namespace {

void Pad(std::string& out, size_t align, size_t shift = 0) {
  while ((out.size() + shift) % align != 0) out.push_back('\0');
}

template <typename T>
void Put(std::string& out, size_t at, T value) {
  std::memcpy(out.data() + at, &value, sizeof(T));
}

void PutUInt(std::string& out, size_t at, size_t size, uint64_t value) {
  for (size_t i = 0; i < size; ++i) out[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

size_t Write(std::string& out, const Object& o);

size_t WriteTable(std::string& out, const Object& o) {
  int fields = 0;
  for (const auto& f : o.fields) fields = std::max(fields, f.id + 1);
  std::vector<const Object::Field*> order;
  for (const auto& f : o.fields) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->size > b->size; });
  std::vector<uint16_t> offsets(static_cast<size_t>(fields), 0);
  size_t inline_size = 4;
  for (const auto* f : order) {
    inline_size = (inline_size + f->size - 1) / f->size * f->size;
    offsets[static_cast<size_t>(f->id)] = static_cast<uint16_t>(inline_size);
    inline_size += f->size;
  }
  inline_size = (inline_size + 3) / 4 * 4;
  Pad(out, 2);
  const size_t vtable = out.size();
  out.resize(vtable + 4 + 2 * offsets.size());
  Put<uint16_t>(out, vtable, static_cast<uint16_t>(4 + 2 * offsets.size()));
  Put<uint16_t>(out, vtable + 2, static_cast<uint16_t>(inline_size));
  for (size_t i = 0; i < offsets.size(); ++i) Put<uint16_t>(out, vtable + 4 + 2 * i, offsets[i]);
  Pad(out, 8);
  const size_t table = out.size();
  out.resize(table + inline_size, '\0');
  Put<int32_t>(out, table, static_cast<int32_t>(table - vtable));
  for (const auto* f : order) {
    if (!f->child) PutUInt(out, table + offsets[static_cast<size_t>(f->id)], f->size, f->scalar);
  }
  for (const auto* f : order) {
    if (!f->child) continue;
    const size_t at = table + offsets[static_cast<size_t>(f->id)];
    const size_t child = Write(out, *f->child);
    Put<uint32_t>(out, at, static_cast<uint32_t>(child - at));
  }
  return table;
}

size_t Write(std::string& out, const Object& o) {
  switch (o.kind) {
    case Object::Kind::kTable: return WriteTable(out, o);
    case Object::Kind::kString: {
      Pad(out, 4);
      const size_t at = out.size();
      out.resize(at + 4);
      Put<uint32_t>(out, at, static_cast<uint32_t>(o.bytes.size()));
      out += o.bytes;
      out.push_back('\0');
      return at;
    }
    case Object::Kind::kStructs: {
      Pad(out, o.struct_align, 4);
      const size_t at = out.size();
      out.resize(at + 4);
      Put<uint32_t>(out, at, o.count);
      out += o.bytes;
      return at;
    }
    case Object::Kind::kTables: {
      Pad(out, 4);
      const size_t at = out.size();
      out.resize(at + 4 + 4 * o.items.size());
      Put<uint32_t>(out, at, static_cast<uint32_t>(o.items.size()));
      for (size_t i = 0; i < o.items.size(); ++i) {
        const size_t slot = at + 4 + 4 * i;
        const size_t item = Write(out, *o.items[i]);
        Put<uint32_t>(out, slot, static_cast<uint32_t>(item - slot));
      }
      return at;
    }
  }
  return 0;
}

}  // namespace

std::string Finish(const ObjectPtr& root) {
  std::string out(4, '\0');
  const size_t table = Write(out, *root);
  Put<uint32_t>(out, 0, static_cast<uint32_t>(table));
  Pad(out, 8);
  return out;
}

}  // namespace ff::formats::flatbuf
