// Avro checked against a reader and writer that are not ours: libavro (Apache Avro's C
// library) reads the files our writer makes (both codecs), and our reader reads files libavro
// wrote (deflate). libavro drops logical types, so these use primitive fields.
#include "formats/avro.hpp"

#include <avro.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace ff::formats {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("ff_avro_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

Table Ours() {
  Table t;
  Column id{"id", "Int64", false, 38, 0, {}}, name{"name", "String", false, 38, 0, {}};
  Column x{"x", "Float64", false, 38, 0, {}};
  for (int64_t r = 0; r < 5000; ++r) {
    id.values.push_back(IntValue(r * 7919 - 1000000));
    name.values.push_back(r % 5 == 2 ? NullValue() : StringValue("n" + std::to_string(r) + " ü"));
    x.values.push_back(DoubleValue(static_cast<double>(r) / 8));
  }
  t.columns = {id, name, x};
  return t;
}

// The union field `name` of `record`: its branch (as a pointer into `branch`) or null.
bool Branch(avro_value_t* record, const char* name, avro_value_t* branch) {
  avro_value_t field;
  EXPECT_EQ(avro_value_get_by_name(record, name, &field, nullptr), 0) << avro_strerror();
  int discriminant = 0;
  EXPECT_EQ(avro_value_get_discriminant(&field, &discriminant), 0);
  EXPECT_EQ(avro_value_get_current_branch(&field, branch), 0);
  return avro_value_get_type(branch) != AVRO_NULL;
}

TEST(AvroLibavroTest, LibavroReadsOurFiles) {
  const Table t = Ours();
  for (const char* codec : {"uncompressed", "deflate"}) {
    const std::string path = TempPath("ours.avro");
    WriteAvro(path, t, codec);
    avro_file_reader_t reader;
    ASSERT_EQ(avro_file_reader(path.c_str(), &reader), 0) << avro_strerror();
    avro_schema_t schema = avro_file_reader_get_writer_schema(reader);
    avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
    avro_value_t record;
    avro_generic_value_new(iface, &record);
    size_t row = 0;
    while (avro_file_reader_read_value(reader, &record) == 0) {
      ASSERT_LT(row, t.height());
      avro_value_t branch;
      int64_t id = 0;
      ASSERT_TRUE(Branch(&record, "id", &branch));
      avro_value_get_long(&branch, &id);
      EXPECT_EQ(id, t.columns[0].values[row].integer);
      const bool has_name = Branch(&record, "name", &branch);
      EXPECT_EQ(has_name, !t.columns[1].values[row].is_null()) << row;
      if (has_name) {
        const char* text = nullptr;
        size_t size = 0;
        avro_value_get_string(&branch, &text, &size);
        EXPECT_EQ(std::string(text, size - 1), t.columns[1].values[row].text);
      }
      double x = 0;
      ASSERT_TRUE(Branch(&record, "x", &branch));
      avro_value_get_double(&branch, &x);
      EXPECT_EQ(x, t.columns[2].values[row].floating);
      ++row;
    }
    EXPECT_EQ(row, t.height()) << codec;
    avro_value_decref(&record);
    avro_value_iface_decref(iface);
    avro_schema_decref(schema);
    avro_file_reader_close(reader);
    std::filesystem::remove(path);
  }
}

TEST(AvroLibavroTest, WeReadLibavroFiles) {
  const char* json = R"({"type":"record","name":"r","fields":[{"name":"id","type":"long"},)"
                     R"({"name":"name","type":["null","string"]},{"name":"ok","type":"boolean"},)"
                     R"({"name":"n","type":"int"},{"name":"f","type":"float"}]})";
  avro_schema_t schema;
  ASSERT_EQ(avro_schema_from_json_length(json, std::strlen(json), &schema), 0) << avro_strerror();
  const std::string path = TempPath("theirs.avro");
  std::filesystem::remove(path);
  avro_file_writer_t writer;
  ASSERT_EQ(avro_file_writer_create_with_codec(path.c_str(), schema, &writer, "deflate", 0), 0)
      << avro_strerror();
  avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
  avro_value_t record, field, branch;
  avro_generic_value_new(iface, &record);
  for (int r = 0; r < 3000; ++r) {
    avro_value_get_by_name(&record, "id", &field, nullptr);
    avro_value_set_long(&field, -r * 1000003LL);
    avro_value_get_by_name(&record, "name", &field, nullptr);
    avro_value_set_branch(&field, r % 3 == 0 ? 0 : 1, &branch);
    if (r % 3 == 0) {
      avro_value_set_null(&branch);
    } else {
      avro_value_set_string(&branch, ("é" + std::to_string(r)).c_str());
    }
    avro_value_get_by_name(&record, "ok", &field, nullptr);
    avro_value_set_boolean(&field, r % 2);
    avro_value_get_by_name(&record, "n", &field, nullptr);
    avro_value_set_int(&field, r - 1500);
    avro_value_get_by_name(&record, "f", &field, nullptr);
    avro_value_set_float(&field, static_cast<float>(r) / 2);
    ASSERT_EQ(avro_file_writer_append_value(writer, &record), 0) << avro_strerror();
  }
  avro_file_writer_close(writer);
  avro_value_decref(&record);
  avro_value_iface_decref(iface);
  avro_schema_decref(schema);

  const Table t = ReadAvro(path);
  std::filesystem::remove(path);
  ASSERT_EQ(t.columns.size(), 5u);
  EXPECT_EQ(t.columns[3].type, "Int32");
  EXPECT_EQ(t.columns[4].type, "Float32");
  ASSERT_EQ(t.height(), 3000u);
  for (size_t r = 0; r < 3000; ++r) {
    const auto n = static_cast<int64_t>(r);
    EXPECT_EQ(t.columns[0].values[r].integer, -n * 1000003LL);
    if (r % 3 == 0) {
      EXPECT_TRUE(t.columns[1].values[r].is_null());
    } else {
      EXPECT_EQ(t.columns[1].values[r].text, "é" + std::to_string(r));
    }
    EXPECT_EQ(t.columns[2].values[r].boolean, r % 2 == 1);
    EXPECT_EQ(t.columns[3].values[r].integer, n - 1500);
    EXPECT_EQ(t.columns[4].values[r].floating, static_cast<double>(r) / 2);
  }
}

}  // namespace
}  // namespace ff::formats
