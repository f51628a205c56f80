// Avro: our writer's files (null and deflate codecs) read back by our reader; truncations and
// corruptions fail with ff::Error naming the file; unsupported schemas and codecs are refused.
#include "formats/avro.hpp"

#include <gtest/gtest.h>

#include "expect_error.hpp"

namespace ff::formats {
namespace {

Table Sample(size_t rows) {
  Table t;
  Column i{"i", "Int64", false, 38, 0, {}}, s{"s", "String", false, 38, 0, {}},
      d{"d", "Date", false, 38, 0, {}}, ts{"ts", "Datetime", false, 38, 0, {}},
      b{"b", "Boolean", false, 38, 0, {}}, f{"f", "Float32", false, 38, 0, {}};
  for (size_t r = 0; r < rows; ++r) {
    const bool null = r % 7 == 3;
    const auto n = static_cast<int64_t>(r);
    i.values.push_back(null ? NullValue() : IntValue(n * 1000003 - 5000000));
    s.values.push_back(null ? NullValue() : StringValue("row \"" + std::to_string(r) + "\" ü"));
    d.values.push_back(null ? NullValue() : DateValue(n - 100));
    ts.values.push_back(null ? NullValue() : DatetimeValue(n * 1234567, false));
    b.values.push_back(null ? NullValue() : BoolValue(r % 2 == 0));
    f.values.push_back(null ? NullValue() : DoubleValue(static_cast<double>(r) / 4));
  }
  t.columns = {i, s, d, ts, b, f};
  return t;
}

void ExpectSameTable(const Table& a, const Table& b) {
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (size_t c = 0; c < a.columns.size(); ++c) {
    EXPECT_EQ(a.columns[c].name, b.columns[c].name);
    EXPECT_EQ(a.columns[c].type, b.columns[c].type);
    ASSERT_EQ(a.columns[c].values.size(), b.columns[c].values.size());
    for (size_t r = 0; r < a.columns[c].values.size(); ++r) {
      EXPECT_TRUE(a.columns[c].values[r] == b.columns[c].values[r]) << c << "/" << r;
    }
  }
}

TEST(AvroTest, RoundTripsWithBothCodecsAcrossBlocks) {
  const Table t = Sample(10000);  // three blocks of 4096
  ExpectSameTable(t, ReadAvroBytes(AvroFileBytes(t, "x.avro", "uncompressed"), "x.avro"));
  ExpectSameTable(t, ReadAvroBytes(AvroFileBytes(t, "x.avro", "deflate"), "x.avro"));
}

TEST(AvroTest, EveryTruncationFailsNamingTheFile) {
  for (const char* codec : {"null", "deflate"}) {
    const std::string file = AvroFileBytes(Sample(20), "x.avro", codec);
    // The header alone is a valid file with no records; every other prefix is cut short.
    const size_t header_end = file.find(file.substr(file.size() - 16)) + 16;
    for (size_t n = 0; n < file.size(); ++n) {
      if (n == header_end) continue;
      const std::string message = test_support::MessageOf(
          [&] { ReadAvroBytes(file.substr(0, n), "cut.avro"); }, ErrorCode::kInvalidArgument);
      EXPECT_NE(message.find("'cut.avro'"), std::string::npos) << n << ": " << message;
    }
  }
}

TEST(AvroTest, CorruptBytesNeverCrash) {
  const std::string file = AvroFileBytes(Sample(30), "x.avro", "deflate");
  for (size_t at = 0; at < file.size(); ++at) {
    std::string bad = file;
    bad[at] = static_cast<char>(bad[at] ^ 0xA5);
    try {
      ReadAvroBytes(bad, "bad.avro");
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("bad.avro"), std::string::npos) << e.what();
    }
  }
}

std::string Header(const std::string& schema, const std::string& codec) {
  auto sized = [](const std::string& s) {
    std::string out;
    for (uint64_t z = s.size() * 2;; z >>= 7) {
      if (z < 0x80) {
        out.push_back(static_cast<char>(z));
        break;
      }
      out.push_back(static_cast<char>((z & 0x7F) | 0x80));
    }
    return out + s;
  };
  std::string out("Obj\x01", 4);
  out += '\x04' + sized("avro.schema") + sized(schema) + sized("avro.codec") + sized(codec);
  return out + '\0' + std::string(16, 's');
}

TEST(AvroTest, NestedTypesUnionsAndCodecsAreRefusedByName) {
  const std::string nested =
      R"({"type":"record","name":"r","fields":[{"name":"xs","type":{"type":"array","items":"int"}}]})";
  EXPECT_NE(test_support::MessageOf([&] { ReadAvroBytes(Header(nested, "null"), "n.avro"); },
                                    ErrorCode::kUnsupported)
                .find("field 'xs' is of type array"),
            std::string::npos);
  const std::string both =
      R"({"type":"record","name":"r","fields":[{"name":"u","type":["int","string"]}]})";
  EXPECT_NE(test_support::MessageOf([&] { ReadAvroBytes(Header(both, "null"), "u.avro"); },
                                    ErrorCode::kUnsupported)
                .find("'u' is a union of several types"),
            std::string::npos);
  const std::string flat = R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"}]})";
  EXPECT_NE(test_support::MessageOf([&] { ReadAvroBytes(Header(flat, "snappy"), "s.avro"); },
                                    ErrorCode::kUnsupported)
                .find("codec 'snappy'"),
            std::string::npos);
  EXPECT_NE(test_support::MessageOf([&] { ReadAvroBytes(Header("{not json", "null"), "j.avro"); },
                                    ErrorCode::kInvalidArgument)
                .find("not JSON"),
            std::string::npos);
}

TEST(AvroTest, AUnionBranchOutOfRangeIsCorrupt) {
  const std::string schema =
      R"({"type":"record","name":"r","fields":[{"name":"a","type":["null","int"]}]})";
  std::string file = Header(schema, "null");
  file += std::string("\x02\x02\x06", 3);  // one record, 1 byte: branch 3
  file += std::string(16, 's');
  EXPECT_NE(
      test_support::MessageOf([&] { ReadAvroBytes(file, "b.avro"); }, ErrorCode::kInvalidArgument)
          .find("union branch out of range"),
      std::string::npos);
}

}  // namespace
}  // namespace ff::formats
