// Table features: column mapping (name) is read, unsupported features are refused by name,
// multi-part and V2 (sidecar) checkpoints replay like JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "delta/deletion_vector.hpp"
#include "delta/log_files.hpp"
#include "delta_test_support.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class DeltaFeatures : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ff_delta_features_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    table_ = pattern;
    fs::create_directories(table_ + "/_delta_log");
  }
  void TearDown() override { fs::remove_all(table_); }

  void WriteCommit(int64_t version, const std::vector<json>& actions) {
    std::ofstream out(table_ + "/_delta_log/" + CommitFileName(version));
    for (const json& action : actions) out << action.dump() << "\n";
  }

  static json Field(const std::string& name, const json& type, const std::string& physical,
                    int id) {
    return {{"name", name},
            {"type", type},
            {"nullable", true},
            {"metadata",
             {{"delta.columnMapping.id", id}, {"delta.columnMapping.physicalName", physical}}}};
  }

  static json MetaData(const json& fields, const json& partitions, const json& configuration) {
    return {{"metaData",
             {{"id", "test"},
              {"format", {{"provider", "parquet"}, {"options", json::object()}}},
              {"schemaString", json{{"type", "struct"}, {"fields", fields}}.dump()},
              {"partitionColumns", partitions},
              {"configuration", configuration}}}};
  }

  std::string table_;
};

ErrorCode CodeOf(const std::function<void()>& action, std::string* message) {
  try {
    action();
  } catch (const Error& e) {
    *message = e.what();
    return e.code();
  }
  return ErrorCode::kInternal;
}

TEST_F(DeltaFeatures, ColumnMappingByNameReadsPhysicalColumnsUnderLogicalNames) {
  engine::Session db;
  db.Execute(
      "COPY (SELECT * FROM (VALUES (1::BIGINT, {'col-c3': 'x'}), (2, NULL)) "
      "t(\"col-a1\", \"col-b2\")) TO '" +
      table_ + "/f1.parquet' (FORMAT parquet)");
  const json fields = json::array(
      {Field("id", "long", "col-a1", 1),
       Field("info",
             {{"type", "struct"}, {"fields", json::array({Field("note", "string", "col-c3", 3)})}},
             "col-b2", 2),
       Field("part", "string", "col-p4", 4)});
  WriteCommit(
      0,
      {{{"protocol", {{"minReaderVersion", 2}, {"minWriterVersion", 5}}}},
       MetaData(fields, json::array({"part"}),
                {{"delta.columnMapping.mode", "name"}, {"delta.columnMapping.maxColumnId", "4"}}),
       {{"add",
         {{"path", "f1.parquet"},
          {"partitionValues", {{"col-p4", "p"}}},
          {"size", 1},
          {"modificationTime", 1},
          {"dataChange", true}}}}});
  const Snapshot snapshot = LoadSnapshot(table_);
  testing::UseUtc(db);
  EXPECT_EQ(
      testing::SortedRows(db, "SELECT id, info.note, part FROM (" + DeltaScanSql(snapshot) + ")"),
      (std::vector<std::string>{"1|x|p", "2|NULL|p"}));
  // Writing column-mapped tables is not implemented: refused, not corrupted.
  WriteRequest request;
  request.table_root = table_;
  request.source_sql = "SELECT 3::BIGINT AS id";
  std::string message;
  EXPECT_EQ(CodeOf([&] { WriteTable(request); }, &message), ErrorCode::kUnsupported);
  EXPECT_NE(message.find("columnMapping"), std::string::npos) << message;
}

// Inline and UUID-file deletion vectors drop rows by position. The inline payload is the one
// delta-kernel-rs tests with: rows {3, 4, 7, 11, 18, 29}.
TEST_F(DeltaFeatures, DeletionVectorsDropRowsByPosition) {
  const std::string inline_dv = "^Bg9^0rr910000000000iXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L";
  std::string bitmap = Z85Decode(inline_dv);
  bitmap.resize(44);
  EXPECT_EQ(ParseDeletionBitmap(bitmap), (std::vector<uint64_t>{3, 4, 7, 11, 18, 29}));

  engine::Session db;
  db.Execute("COPY (SELECT range AS id FROM range(32)) TO '" + table_ + "/f.parquet'");
  db.Execute("COPY (SELECT range + 100 AS id FROM range(10)) TO '" + table_ + "/g.parquet'");
  const std::string uuid_bytes("\xd2\xc6\x39\xaa\x88\x16\x43\x1a\xaa\xf6\xd3\xfe\x25\x12\xff\x61",
                               16);
  EXPECT_EQ(Z85Encode(uuid_bytes), std::string("ab^-aqEH.-t@S}K{vb[*k^").substr(2));
  fs::create_directories(table_ + "/ab");
  std::ofstream(table_ + "/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin",
                std::ios::binary)
      << EncodeDeletionVectorFile(bitmap);

  const json fields = json::array(
      {{{"name", "id"}, {"type", "long"}, {"nullable", true}, {"metadata", json::object()}}});
  auto add = [](const std::string& path, const json& dv) {
    return json{{"add",
                 {{"path", path},
                  {"partitionValues", json::object()},
                  {"size", 1},
                  {"modificationTime", 1},
                  {"dataChange", true},
                  {"deletionVector", dv}}}};
  };
  WriteCommit(0, {{{"protocol",
                    {{"minReaderVersion", 3},
                     {"minWriterVersion", 7},
                     {"readerFeatures", {"deletionVectors"}},
                     {"writerFeatures", {"deletionVectors"}}}}},
                  MetaData(fields, json::array(), json::object()),
                  add("f.parquet", {{"storageType", "i"},
                                    {"pathOrInlineDv", inline_dv},
                                    {"sizeInBytes", 44},
                                    {"cardinality", 6}}),
                  add("g.parquet", {{"storageType", "u"},
                                    {"pathOrInlineDv", "ab^-aqEH.-t@S}K{vb[*k^"},
                                    {"offset", 1},
                                    {"sizeInBytes", 44},
                                    {"cardinality", 6}})});
  const Snapshot snapshot = LoadSnapshot(table_);
  ASSERT_EQ(snapshot.files.size(), 2u);
  std::vector<std::string> expected;
  for (int i = 0; i < 32; ++i) {
    if (i != 3 && i != 4 && i != 7 && i != 11 && i != 18 && i != 29) {
      expected.push_back(std::to_string(i));
    }
  }
  for (int i : {100, 101, 102, 105, 106, 108, 109}) expected.push_back(std::to_string(i));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(testing::SortedRows(db, DeltaScanSql(snapshot)), expected);

  // A vector whose content disagrees with the log's cardinality is refused, not guessed.
  WriteCommit(1, {{{"remove",
                    {{"path", "f.parquet"},
                     {"dataChange", true},
                     {"deletionVector",
                      {{"storageType", "i"},
                       {"pathOrInlineDv", inline_dv},
                       {"sizeInBytes", 44},
                       {"cardinality", 6}}}}}},
                  add("f.parquet", {{"storageType", "i"},
                                    {"pathOrInlineDv", inline_dv},
                                    {"sizeInBytes", 44},
                                    {"cardinality", 5}})});
  std::string message;
  EXPECT_EQ(CodeOf([&] { DeltaScanSql(LoadSnapshot(table_)); }, &message),
            ErrorCode::kInvalidArgument);
  EXPECT_NE(message.find("cardinality 5"), std::string::npos) << message;
}

TEST_F(DeltaFeatures, UnknownReaderFeaturesAndVersionsAreRefusedByName) {
  const json fields = json::array(
      {{{"name", "id"}, {"type", "long"}, {"nullable", true}, {"metadata", json::object()}}});
  WriteCommit(0, {{{"protocol",
                    {{"minReaderVersion", 3},
                     {"minWriterVersion", 7},
                     {"readerFeatures", {"variantType"}},
                     {"writerFeatures", {"variantType"}}}}},
                  MetaData(fields, json::array(), json::object())});
  std::string message;
  EXPECT_EQ(CodeOf([&] { LoadSnapshot(table_); }, &message), ErrorCode::kUnsupported);
  EXPECT_NE(message.find("'variantType'"), std::string::npos) << message;

  WriteCommit(1, {{{"protocol", {{"minReaderVersion", 4}, {"minWriterVersion", 7}}}}});
  EXPECT_EQ(CodeOf([&] { LoadSnapshot(table_); }, &message), ErrorCode::kUnsupported);
  EXPECT_NE(message.find("reader version 4"), std::string::npos) << message;

  WriteCommit(2, {{{"protocol", {{"minReaderVersion", 2}, {"minWriterVersion", 5}}}},
                  MetaData(fields, json::array(), {{"delta.columnMapping.mode", "id"}})});
  EXPECT_EQ(CodeOf([&] { LoadSnapshot(table_); }, &message), ErrorCode::kUnsupported);
  EXPECT_NE(message.find("'columnMapping' in mode 'id'"), std::string::npos) << message;
}

TEST_F(DeltaFeatures, MissingCommitInTheMiddleIsAnError) {
  const json fields = json::array(
      {{{"name", "id"}, {"type", "long"}, {"nullable", true}, {"metadata", json::object()}}});
  WriteCommit(0, {{{"protocol", {{"minReaderVersion", 1}, {"minWriterVersion", 2}}}},
                  MetaData(fields, json::array(), json::object())});
  WriteCommit(2, {{{"commitInfo", {{"operation", "WRITE"}}}}});
  std::string message;
  EXPECT_EQ(CodeOf([&] { LoadSnapshot(table_); }, &message), ErrorCode::kNotFound);
  EXPECT_NE(message.find("00000000000000000001.json is missing"), std::string::npos) << message;
}

// Builds a table with our writer (checkpoint at 10), then re-shapes the checkpoint as a
// multi-part and as a V2 checkpoint with a sidecar: all must replay like the JSON log.
TEST_F(DeltaFeatures, MultiPartAndV2CheckpointsReplayLikeJson) {
  for (int i = 0; i < 12; ++i) {
    WriteRequest request;
    request.table_root = table_;
    request.source_sql = "SELECT " + std::to_string(i) + "::BIGINT AS id";
    WriteTable(request);
  }
  const std::string log = table_ + "/_delta_log";
  const std::string classic = log + "/00000000000000000010.checkpoint.parquet";
  ASSERT_TRUE(fs::exists(classic));
  SnapshotOptions json_only;
  json_only.use_checkpoints = false;
  const Snapshot reference = LoadSnapshot(table_, json_only);
  auto same_as_reference = [&](const std::string& label) {
    const Snapshot snapshot = LoadSnapshot(table_);
    EXPECT_EQ(snapshot.checkpoint_version, std::optional<int64_t>(10)) << label;
    ASSERT_EQ(snapshot.files.size(), reference.files.size()) << label;
    for (size_t i = 0; i < snapshot.files.size(); ++i) {
      EXPECT_EQ(snapshot.files[i].path, reference.files[i].path) << label;
    }
    EXPECT_EQ(snapshot.metadata.id, reference.metadata.id) << label;
  };

  engine::Session db;
  const std::string src = "read_parquet('" + classic + "')";
  const std::string part1 = log + "/00000000000000000010.checkpoint.0000000001.0000000002.parquet";
  const std::string part2 = log + "/00000000000000000010.checkpoint.0000000002.0000000002.parquet";
  db.Execute("COPY (SELECT * FROM " + src + " WHERE \"add\" IS NULL) TO '" + part1 +
             "' (FORMAT parquet)");
  db.Execute("COPY (SELECT * FROM " + src + " WHERE \"add\" IS NOT NULL) TO '" + part2 +
             "' (FORMAT parquet)");
  const std::string v2_sidecar_dir = log + "/_sidecars";
  fs::create_directories(v2_sidecar_dir);
  db.Execute("COPY (SELECT \"add\", \"remove\" FROM " + src +
             " WHERE \"add\" IS NOT NULL OR \"remove\" IS NOT NULL) TO '" + v2_sidecar_dir +
             "/sidecar-1.parquet' (FORMAT parquet)");
  std::vector<std::string> v2_lines = {
      json{{"checkpointMetadata", {{"version", 10}}}}.dump(),
      json{
          {"sidecar", {{"path", "sidecar-1.parquet"}, {"sizeInBytes", 1}, {"modificationTime", 1}}}}
          .dump()};
  for (const TextRow& row : db.QueryText("SELECT to_json(t) FROM " + src +
                                         " t WHERE protocol IS NOT NULL OR metaData IS NOT NULL")) {
    json object = json::parse(*row[0]);
    for (const char* key : {"protocol", "metaData"}) {
      if (!object[key].is_null()) v2_lines.push_back(json{{key, object[key]}}.dump());
    }
  }
  fs::remove(classic);
  same_as_reference("multi-part");

  // An incomplete multi-part set is ignored: replay falls back to JSON from version 0.
  fs::remove(part2);
  EXPECT_FALSE(LoadSnapshot(table_).checkpoint_version.has_value());
  fs::remove(part1);

  std::ofstream(log + "/00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json")
      << v2_lines[0] << "\n"
      << v2_lines[1] << "\n"
      << v2_lines[2] << "\n"
      << v2_lines[3] << "\n";
  same_as_reference("v2 with sidecar");
}

TEST(DeltaSchema, ParsesSerialisesAndMapsTypes) {
  const std::string text =
      R"j({"type":"struct","fields":[{"name":"d","type":"decimal(12, 3)","nullable":false,)j"
      R"j("metadata":{"comment":"x"}},{"name":"m","type":{"type":"map","keyType":"string",)j"
      R"j("valueType":{"type":"array","elementType":"timestamp","containsNull":true},)j"
      R"j("valueContainsNull":true},"nullable":true,"metadata":{}}]})j";
  const DataType schema = ParseSchema(text);
  ASSERT_EQ(schema.fields.size(), 2u);
  EXPECT_FALSE(schema.fields[0].nullable);
  EXPECT_EQ(DuckDbType(*schema.fields[0].type), "DECIMAL(12,3)");
  EXPECT_EQ(DuckDbType(*schema.fields[1].type), "MAP(VARCHAR, TIMESTAMPTZ[])");
  EXPECT_EQ(ParseSchema(SchemaToJson(schema)).fields[0].metadata_json, R"({"comment":"x"})");
  EXPECT_EQ(DuckDbType(*DeltaTypeFromDuckDb("STRUCT(\"a b\" INTEGER, c VARCHAR[])[]")),
            "STRUCT(\"a b\" INTEGER, \"c\" VARCHAR[])[]");
  EXPECT_EQ(DeltaTypeFromDuckDb("TIMESTAMP WITH TIME ZONE")->primitive, "timestamp");
  EXPECT_THROW(DeltaTypeFromDuckDb("HUGEINT"), Error);
  EXPECT_THROW(ParseSchema(R"({"type":"struct","fields":[{"name":"x","type":"char"}]})"), Error);
}

}  // namespace
}  // namespace ff::delta
