// Writer features we do not implement are refused before anything is written, each by name:
// a table that asks its writers to enforce something we would not enforce is never written.
#include <gtest/gtest.h>

#include <string>

#include "delta/table_features.hpp"
#include "flowfile/delta.hpp"
#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

// The refusal's message, or "" when the write is allowed.
std::string Refusal(const Protocol& protocol, const Metadata& metadata) {
  try {
    CheckWriteSupported(protocol, metadata);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported) << e.what();
    return e.what();
  }
  return "";
}

Protocol WriterFeatures(std::vector<std::string> features) {
  Protocol protocol;
  protocol.min_reader_version = 1;
  protocol.min_writer_version = 7;
  protocol.writer_features = std::move(features);
  return protocol;
}

TEST(DeltaWriteFeatures, APlainTableAndFeaturesWeFollowAreWritten) {
  EXPECT_EQ(Refusal(Protocol{}, Metadata{}), "");
  EXPECT_EQ(Refusal(WriterFeatures({"appendOnly", "invariants", "timestampNtz"}), Metadata{}), "");
}

TEST(DeltaWriteFeatures, EveryUnimplementedWriterFeatureIsRefusedByName) {
  for (const char* feature :
       {"checkConstraints", "generatedColumns", "identityColumns", "changeDataFeed", "rowTracking",
        "domainMetadata", "clustering", "icebergCompatV1", "someFutureFeature"}) {
    const std::string message = Refusal(WriterFeatures({feature}), Metadata{});
    EXPECT_NE(message.find(std::string("'") + feature + "'"), std::string::npos) << message;
  }
}

TEST(DeltaWriteFeatures, LegacyWriterVersionsNameTheFeatureTheyImply) {
  const std::pair<int, const char*> versions[] = {{3, "checkConstraints"},
                                                  {4, "generatedColumns"},
                                                  {5, "columnMapping"},
                                                  {6, "identityColumns"}};
  for (const auto& [version, feature] : versions) {
    Protocol protocol;
    protocol.min_writer_version = version;
    const std::string message = Refusal(protocol, Metadata{});
    EXPECT_NE(message.find(feature), std::string::npos) << version << ": " << message;
  }
}

TEST(DeltaWriteFeatures, AnActiveAppendOnlyOrAnInvariantIsRefused) {
  Metadata append_only;
  append_only.configuration["delta.appendOnly"] = "true";
  EXPECT_NE(Refusal(WriterFeatures({"appendOnly"}), append_only).find("'appendOnly'"),
            std::string::npos);
  append_only.configuration["delta.appendOnly"] = "false";
  EXPECT_EQ(Refusal(WriterFeatures({"appendOnly"}), append_only), "");

  Metadata invariant;
  invariant.schema_string =
      R"({"type":"struct","fields":[{"name":"x","type":"integer","nullable":true,)"
      R"("metadata":{"delta.invariants":"{\"expression\":{\"expression\":\"x > 0\"}}"}}]})";
  EXPECT_NE(Refusal(WriterFeatures({"invariants"}), invariant).find("'invariants'"),
            std::string::npos);
}

TEST(DeltaWriteFeatures, ReaderFeaturesWeDoNotWriteAreRefused) {
  Protocol protocol;
  protocol.min_reader_version = 3;
  protocol.min_writer_version = 7;
  protocol.reader_features = std::vector<std::string>{"columnMapping"};
  protocol.writer_features = std::vector<std::string>{"columnMapping"};
  EXPECT_NE(Refusal(protocol, Metadata{}).find("columnMapping"), std::string::npos);
}

}  // namespace
}  // namespace ff::delta
