#include "delta/table_features.hpp"

#include <algorithm>
#include <set>

#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

// Reader features we honour (deletion vectors are applied by DeltaScanSql).
const std::set<std::string> kReadable = {
    "columnMapping",        "timestampNtz",        "v2Checkpoint",   "typeWidening",
    "typeWidening-preview", "vacuumProtocolCheck", "deletionVectors"};

// Writer features whose rules our writer follows (or which bind only when enabled, and we
// refuse when they are enabled: see CheckWriteSupported). deletionVectors: the writer never
// creates a vector; it rewrites files through DeltaScanSql (rows deleted stay deleted) and its
// removes repeat the vector of the add they cancel.
const std::set<std::string> kWritable = {"appendOnly", "invariants", "timestampNtz",
                                         "deletionVectors"};

bool Lists(const std::optional<std::vector<std::string>>& features, const std::string& name) {
  return features && std::find(features->begin(), features->end(), name) != features->end();
}

}  // namespace

void CheckReadSupported(const Protocol& protocol, const Metadata& metadata) {
  if (protocol.min_reader_version > 3) {
    throw Error(ErrorCode::kUnsupported,
                "Delta reader version " + std::to_string(protocol.min_reader_version) +
                    " is not supported (this reader handles versions 1 to 3)");
  }
  if (protocol.min_reader_version == 3 && protocol.reader_features) {
    for (const std::string& feature : *protocol.reader_features) {
      if (!kReadable.contains(feature)) {
        throw Error(ErrorCode::kUnsupported,
                    "cannot read this Delta table: reader table feature '" + feature +
                        "' is not supported (supported: columnMapping, deletionVectors, "
                        "timestampNtz, typeWidening, v2Checkpoint, vacuumProtocolCheck)");
      }
    }
  }
  if (ColumnMappingMode(protocol, metadata) == "id") {
    throw Error(ErrorCode::kUnsupported,
                "cannot read this Delta table: table feature 'columnMapping' in mode 'id' "
                "(Parquet field ids) is not supported; mode 'name' is");
  }
}

void CheckWriteSupported(const Protocol& protocol, const Metadata& metadata) {
  CheckReadSupported(protocol, metadata);
  if (protocol.min_writer_version == 7) {
    for (const std::string& feature :
         protocol.writer_features.value_or(std::vector<std::string>{})) {
      if (!kWritable.contains(feature)) {
        throw Error(ErrorCode::kUnsupported,
                    "cannot write this Delta table: writer table feature '" + feature +
                        "' is not supported by this writer");
      }
    }
  } else if (protocol.min_writer_version > 2) {
    // Legacy versions imply features: 3 CHECK constraints, 4 change data feed and generated
    // columns, 5 column mapping, 6 identity columns.
    static const char* const kImplied[] = {"checkConstraints", "changeDataFeed/generatedColumns",
                                           "columnMapping", "identityColumns"};
    const int index = std::min(protocol.min_writer_version, 6) - 3;
    throw Error(ErrorCode::kUnsupported, "cannot write this Delta table: writer version " +
                                             std::to_string(protocol.min_writer_version) +
                                             " implies table feature '" + kImplied[index] +
                                             "', which this writer does not implement");
  }
  for (const std::string& feature : protocol.reader_features.value_or(std::vector<std::string>{})) {
    if (feature != "timestampNtz" && feature != "deletionVectors") {
      throw Error(ErrorCode::kUnsupported, "cannot write this Delta table: reader table feature '" +
                                               feature + "' is not written by this writer");
    }
  }
  if (protocol.min_reader_version == 2) {
    throw Error(ErrorCode::kUnsupported,
                "cannot write this Delta table: table feature 'columnMapping' (reader version 2) "
                "is not written by this writer");
  }
  if (auto it = metadata.configuration.find("delta.appendOnly");
      it != metadata.configuration.end() && it->second == "true") {
    throw Error(ErrorCode::kUnsupported,
                "cannot write this Delta table: table feature 'appendOnly' is active "
                "(delta.appendOnly=true) and is not enforced by this writer");
  }
  if (metadata.schema_string.find("delta.invariants") != std::string::npos) {
    throw Error(ErrorCode::kUnsupported,
                "cannot write this Delta table: table feature 'invariants' is in use "
                "(a column has delta.invariants) and is not enforced by this writer");
  }
}

std::string ColumnMappingMode(const Protocol& protocol, const Metadata& metadata) {
  auto it = metadata.configuration.find("delta.columnMapping.mode");
  if (it == metadata.configuration.end()) return "none";
  const bool enabled =
      (protocol.min_reader_version == 2 && protocol.min_writer_version >= 5) ||
      (protocol.min_reader_version == 3 && Lists(protocol.reader_features, "columnMapping"));
  return enabled ? it->second : "none";
}

}  // namespace ff::delta
