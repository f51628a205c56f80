// Arrow IPC: our writer's files read back by our reader (file and stream form), every
// truncation and many corruptions fail with ff::Error (never a crash), refusals name the type.
#include <gtest/gtest.h>

#include "expect_error.hpp"
#include "formats/arrow_ipc.hpp"

namespace ff::formats {
namespace {

Column Make(std::string name, std::string type, std::vector<Value> values, bool utc = false) {
  Column c;
  c.name = std::move(name), c.type = std::move(type), c.values = std::move(values), c.utc = utc;
  return c;
}

Value Time(int64_t micros) {
  Value v = IntValue(micros);
  v.kind = Value::Kind::kTime;
  return v;
}

Value Decimal(std::string text) {
  Value v = StringValue(std::move(text));
  v.kind = Value::Kind::kDecimal;
  return v;
}

Value Binary(std::string bytes) {
  Value v = StringValue(std::move(bytes));
  v.kind = Value::Kind::kBinary;
  return v;
}

Table Sample() {
  Table t;
  t.columns.push_back(Make("i8", "Int8", {IntValue(-128), NullValue(), IntValue(127)}));
  t.columns.push_back(Make("i16", "Int16", {IntValue(-300), IntValue(0), NullValue()}));
  t.columns.push_back(Make("i32", "Int32", {NullValue(), IntValue(1 << 30), IntValue(-5)}));
  t.columns.push_back(
      Make("i64", "Int64", {IntValue(INT64_MIN), IntValue(INT64_MAX), IntValue(0)}));
  t.columns.push_back(Make("u8", "UInt8", {UIntValue(255), UIntValue(0), NullValue()}));
  t.columns.push_back(Make("u64", "UInt64", {UIntValue(UINT64_MAX), NullValue(), UIntValue(1)}));
  t.columns.push_back(Make("f32", "Float32", {DoubleValue(0.5), DoubleValue(-2), NullValue()}));
  t.columns.push_back(
      Make("f64", "Float64", {DoubleValue(1e300), NullValue(), DoubleValue(-0.25)}));
  t.columns.push_back(Make("b", "Boolean", {BoolValue(true), BoolValue(false), NullValue()}));
  t.columns.push_back(Make("s", "String", {StringValue("ä \"q\""), StringValue(""), NullValue()}));
  t.columns.push_back(
      Make("bin", "Binary", {Binary(std::string("\0\1", 2)), NullValue(), Binary("")}));
  t.columns.push_back(Make("d", "Date", {DateValue(19753), DateValue(-1), NullValue()}));
  t.columns.push_back(
      Make("ts", "Datetime", {DatetimeValue(-1, true), NullValue(), DatetimeValue(5, true)}, true));
  t.columns.push_back(Make("tm", "Time", {Time(3600000000), NullValue(), Time(0)}));
  t.columns.push_back(Make("n", "Null", {NullValue(), NullValue(), NullValue()}));
  Column money = Make("money", "Decimal", {Decimal("-12.50"), NullValue(), Decimal("0.05")});
  money.precision = 10, money.scale = 2;
  t.columns.push_back(money);
  Column huge =
      Make("huge", "Decimal",
           {Decimal("-99999999999999999999999999999999999999"), Decimal("0"), NullValue()});
  huge.precision = 38, huge.scale = 0;
  t.columns.push_back(huge);
  return t;
}

void ExpectSameAfterIpcRoundTrip(const Table& a, const Table& b) {
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (size_t c = 0; c < a.columns.size(); ++c) {
    const Column& x = a.columns[c];
    const Column& y = b.columns[c];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.type == "Null" ? "String" : x.type, y.type) << x.name;
    EXPECT_EQ(x.utc, y.utc) << x.name;
    ASSERT_EQ(x.values.size(), y.values.size());
    for (size_t r = 0; r < x.values.size(); ++r) {
      Value want = x.values[r];
      if (want.kind == Value::Kind::kUInt && x.type != "UInt64") {
        want = IntValue(static_cast<int64_t>(want.unsigned_integer));
      }
      EXPECT_TRUE(want == y.values[r])
          << x.name << " row " << r << ": " << want.ToString() << " vs " << y.values[r].ToString();
    }
  }
}

TEST(IpcTest, RoundTripsEveryWrittenType) {
  const Table t = Sample();
  ExpectSameAfterIpcRoundTrip(t, ReadIpcBytes(IpcFileBytes(t, "x.arrow"), "x.arrow"));
}

TEST(IpcTest, TheStreamInsideTheFileReadsAlone) {
  const std::string file = IpcFileBytes(Sample(), "x.arrow");
  uint32_t footer = 0;
  std::memcpy(&footer, file.data() + file.size() - 10, 4);
  const std::string stream = file.substr(8, file.size() - 10 - footer - 8);
  ExpectSameAfterIpcRoundTrip(Sample(), ReadIpcBytes(stream, "x.arrows"));
}

TEST(IpcTest, AnEmptyTableKeepsItsColumns) {
  Table t;
  t.columns.push_back(Make("a", "Int64", {}));
  const Table back = ReadIpcBytes(IpcFileBytes(t, "e.arrow"), "e.arrow");
  ASSERT_EQ(back.columns.size(), 1u);
  EXPECT_EQ(back.columns[0].type, "Int64");
  EXPECT_EQ(back.height(), 0u);
}

TEST(IpcTest, EveryTruncationFailsNamingTheFile) {
  const std::string file = IpcFileBytes(Sample(), "x.arrow");
  for (size_t n = 0; n < file.size(); ++n) {
    const std::string message = test_support::MessageOf(
        [&] { ReadIpcBytes(file.substr(0, n), "cut.arrow"); }, ErrorCode::kInvalidArgument);
    EXPECT_NE(message.find("'cut.arrow'"), std::string::npos) << n << ": " << message;
  }
}

TEST(IpcTest, CorruptBytesNeverCrash) {
  const std::string file = IpcFileBytes(Sample(), "x.arrow");
  for (size_t at = 0; at < file.size(); ++at) {
    for (uint8_t flip : {0x01, 0x80, 0xFF}) {
      std::string bad = file;
      bad[at] = static_cast<char>(bad[at] ^ flip);
      try {
        ReadIpcBytes(bad, "bad.arrow");
      } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("bad.arrow"), std::string::npos) << e.what();
      }
    }
  }
}

TEST(IpcTest, UnsupportedTypesAndCompressionAreRefusedByName) {
  Table t;
  t.columns.push_back(Make("tags", "List", {}));
  EXPECT_NE(test_support::MessageOf([&] { IpcFileBytes(t, "d.arrow"); }, ErrorCode::kUnsupported)
                .find("'tags' is of type List"),
            std::string::npos);
  EXPECT_NE(test_support::MessageOf([&] { WriteIpc("/nonexistent/x.arrow", Sample(), "zstd"); },
                                    ErrorCode::kUnsupported)
                .find("compression 'zstd'"),
            std::string::npos);
}

TEST(IpcTest, GarbageIsNotAnIpcFile) {
  EXPECT_NE(test_support::MessageOf([] { ReadIpcBytes("ARROW1\0\0garbage-garbage", "g.arrow"); },
                                    ErrorCode::kInvalidArgument)
                .find("not a readable Arrow IPC file"),
            std::string::npos);
  test_support::MessageOf([] { ReadIpcBytes(std::string(64, '\xff'), "g.arrow"); },
                          ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ff::formats
