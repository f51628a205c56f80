#include "delta/actions.hpp"

#include <limits>
#include <sstream>

#include "flowfile/errors.hpp"

namespace ff::delta {
namespace {

using nlohmann::json;

// Field readers tolerate absent and null values: the protocol makes many fields optional
// and checkpoints render absent fields as null.
const json* Field(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string RequiredString(const json& object, const char* name, const std::string& where) {
  const json* value = Field(object, name);
  if (!value || !value->is_string()) {
    throw Error(ErrorCode::kInvalidArgument,
                where + ": action field '" + name + "' must be a string, got " + object.dump());
  }
  return value->get<std::string>();
}

std::optional<std::string> OptString(const json& object, const char* name) {
  const json* value = Field(object, name);
  if (!value || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::optional<int64_t> OptLong(const json& object, const char* name) {
  const json* value = Field(object, name);
  if (!value) return std::nullopt;
  if (value->is_number_integer()) {
    if (value->is_number_unsigned() &&
        value->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      throw Error(ErrorCode::kInvalidArgument,
                  std::string("action field '") + name + "' is out of range: " + value->dump());
    }
    return value->get<int64_t>();
  }
  if (value->is_number_float()) {
    // Some writers emit whole numbers as floats (1.0e3); anything else is not a count or size.
    const double d = value->get<double>();
    if (!(d >= -9.2e18 && d <= 9.2e18) || d != static_cast<double>(static_cast<int64_t>(d))) {
      throw Error(
          ErrorCode::kInvalidArgument,
          std::string("action field '") + name + "' must be a whole number, got " + value->dump());
    }
    return static_cast<int64_t>(d);
  }
  if (value->is_string()) {  // operationMetrics-style string numbers
    try {
      return std::stoll(value->get<std::string>());
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

bool Bool(const json& object, const char* name, bool fallback) {
  const json* value = Field(object, name);
  return value && value->is_boolean() ? value->get<bool>() : fallback;
}

std::map<std::string, std::string> StringMap(const json& object, const char* name) {
  std::map<std::string, std::string> out;
  const json* value = Field(object, name);
  if (!value || !value->is_object()) return out;
  for (const auto& [key, item] : value->items()) {
    if (item.is_string()) out[key] = item.get<std::string>();
  }
  return out;
}

PartitionValues ParsePartitionValues(const json& object) {
  PartitionValues out;
  const json* value = Field(object, "partitionValues");
  if (!value || !value->is_object()) return out;
  for (const auto& [key, item] : value->items()) {
    if (item.is_string()) {
      out[key] = item.get<std::string>();
    } else if (item.is_null()) {
      out[key] = std::nullopt;
    } else {
      out[key] = item.dump();  // tolerate writers that emit numbers
    }
  }
  return out;
}

std::optional<std::vector<std::string>> OptStringList(const json& object, const char* name) {
  const json* value = Field(object, name);
  if (!value || !value->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const json& item : *value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<DeletionVector> ParseDv(const json& object) {
  const json* value = Field(object, "deletionVector");
  if (!value || !value->is_object()) return std::nullopt;
  DeletionVector dv;
  dv.storage_type = OptString(*value, "storageType").value_or("");
  dv.path_or_inline_dv = OptString(*value, "pathOrInlineDv").value_or("");
  if (auto offset = OptLong(*value, "offset")) dv.offset = static_cast<int32_t>(*offset);
  dv.size_in_bytes = static_cast<int32_t>(OptLong(*value, "sizeInBytes").value_or(0));
  dv.cardinality = OptLong(*value, "cardinality").value_or(0);
  return dv;
}

json DvToJson(const DeletionVector& dv) {
  json out = {{"storageType", dv.storage_type},
              {"pathOrInlineDv", dv.path_or_inline_dv},
              {"sizeInBytes", dv.size_in_bytes},
              {"cardinality", dv.cardinality}};
  if (dv.offset) out["offset"] = *dv.offset;
  return out;
}

json PartitionValuesToJson(const PartitionValues& values) {
  json out = json::object();
  for (const auto& [key, value] : values) {
    out[key] = value ? json(*value) : json(nullptr);
  }
  return out;
}

}  // namespace

std::string DeletionVector::UniqueId() const {
  std::string id = storage_type + path_or_inline_dv;
  if (offset) id += "@" + std::to_string(*offset);
  return id;
}

CommitInfo CommitInfoFromJson(const json& object) {
  CommitInfo info;
  info.json = object.dump();
  info.timestamp = OptLong(object, "timestamp");
  info.in_commit_timestamp = OptLong(object, "inCommitTimestamp");
  info.operation = OptString(object, "operation");
  return info;
}

std::vector<Action> ParseActions(const json& object, const std::string& where) {
  std::vector<Action> out;
  if (!object.is_object()) {
    throw Error(ErrorCode::kInvalidArgument, where + ": a log line must be a JSON object");
  }
  for (const auto& [kind, body] : object.items()) {
    if (!body.is_object()) continue;  // null column of a checkpoint row
    if (kind == "add") {
      AddFile add;
      add.path = RequiredString(body, "path", where);
      add.partition_values = ParsePartitionValues(body);
      add.size = OptLong(body, "size").value_or(0);
      add.modification_time = OptLong(body, "modificationTime").value_or(0);
      add.data_change = Bool(body, "dataChange", true);
      add.stats = OptString(body, "stats");
      add.tags = StringMap(body, "tags");
      add.deletion_vector = ParseDv(body);
      add.base_row_id = OptLong(body, "baseRowId");
      add.default_row_commit_version = OptLong(body, "defaultRowCommitVersion");
      out.emplace_back(std::move(add));
    } else if (kind == "remove") {
      RemoveFile remove;
      remove.path = RequiredString(body, "path", where);
      remove.deletion_timestamp = OptLong(body, "deletionTimestamp");
      remove.data_change = Bool(body, "dataChange", true);
      if (const json* ext = Field(body, "extendedFileMetadata"); ext && ext->is_boolean()) {
        remove.extended_file_metadata = ext->get<bool>();
      }
      if (Field(body, "partitionValues")) remove.partition_values = ParsePartitionValues(body);
      remove.size = OptLong(body, "size");
      remove.deletion_vector = ParseDv(body);
      out.emplace_back(std::move(remove));
    } else if (kind == "metaData") {
      Metadata metadata;
      metadata.id = OptString(body, "id").value_or("");
      metadata.name = OptString(body, "name");
      metadata.description = OptString(body, "description");
      if (const json* format = Field(body, "format"); format && format->is_object()) {
        metadata.format_provider = OptString(*format, "provider").value_or("parquet");
        metadata.format_options = StringMap(*format, "options");
      }
      metadata.schema_string = RequiredString(body, "schemaString", where);
      metadata.partition_columns =
          OptStringList(body, "partitionColumns").value_or(std::vector<std::string>{});
      metadata.configuration = StringMap(body, "configuration");
      metadata.created_time = OptLong(body, "createdTime");
      out.emplace_back(std::move(metadata));
    } else if (kind == "protocol") {
      Protocol protocol;
      protocol.min_reader_version =
          static_cast<int32_t>(OptLong(body, "minReaderVersion").value_or(1));
      protocol.min_writer_version =
          static_cast<int32_t>(OptLong(body, "minWriterVersion").value_or(2));
      protocol.reader_features = OptStringList(body, "readerFeatures");
      protocol.writer_features = OptStringList(body, "writerFeatures");
      out.emplace_back(std::move(protocol));
    } else if (kind == "txn") {
      Txn txn;
      txn.app_id = RequiredString(body, "appId", where);
      txn.version = OptLong(body, "version").value_or(0);
      txn.last_updated = OptLong(body, "lastUpdated");
      out.emplace_back(std::move(txn));
    } else if (kind == "commitInfo") {
      out.emplace_back(CommitInfoFromJson(body));
    } else if (kind == "domainMetadata") {
      DomainMetadata domain;
      domain.domain = RequiredString(body, "domain", where);
      domain.configuration = OptString(body, "configuration").value_or("");
      domain.removed = Bool(body, "removed", false);
      out.emplace_back(std::move(domain));
    } else if (kind == "cdc") {
      CdcFile cdc;
      cdc.path = RequiredString(body, "path", where);
      cdc.partition_values = ParsePartitionValues(body);
      cdc.size = OptLong(body, "size").value_or(0);
      out.emplace_back(std::move(cdc));
    } else if (kind == "sidecar") {
      SidecarFile sidecar;
      sidecar.path = RequiredString(body, "path", where);
      sidecar.size_in_bytes = OptLong(body, "sizeInBytes").value_or(0);
      out.emplace_back(std::move(sidecar));
    } else if (kind == "checkpointMetadata") {
      out.emplace_back(CheckpointMetadata{OptLong(body, "version").value_or(0)});
    }
    // Unknown action types are ignored, as the protocol requires.
  }
  return out;
}

std::vector<Action> ParseCommitText(const std::string& text, const std::string& where) {
  std::vector<Action> out;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  int non_blank = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++non_blank;
    json object;
    try {
      object = json::parse(line);
    } catch (const json::exception& e) {
      throw Error(ErrorCode::kInvalidArgument,
                  where + " line " + std::to_string(number) + " is not valid JSON: " + e.what());
    }
    for (Action& action : ParseActions(object, where + " line " + std::to_string(number))) {
      out.push_back(std::move(action));
    }
  }
  // Every writer puts at least one action in a commit: an empty file is a torn write, and
  // reading it as "nothing changed" would silently drop that version's rows.
  if (non_blank == 0) {
    throw Error(ErrorCode::kInvalidArgument,
                where + (text.empty() ? " is empty (0 bytes)" : " holds no action") +
                    "; the Delta log is damaged (a commit file must hold at least one action)");
  }
  return out;
}

json ActionToJson(const Action& action) {
  struct Visitor {
    json operator()(const Protocol& p) const {
      json body = {{"minReaderVersion", p.min_reader_version},
                   {"minWriterVersion", p.min_writer_version}};
      if (p.reader_features) body["readerFeatures"] = *p.reader_features;
      if (p.writer_features) body["writerFeatures"] = *p.writer_features;
      return {{"protocol", body}};
    }
    json operator()(const Metadata& m) const {
      json body = {{"id", m.id},
                   {"format", {{"provider", m.format_provider}, {"options", m.format_options}}},
                   {"schemaString", m.schema_string},
                   {"partitionColumns", m.partition_columns},
                   {"configuration", m.configuration}};
      if (m.name) body["name"] = *m.name;
      if (m.description) body["description"] = *m.description;
      if (m.created_time) body["createdTime"] = *m.created_time;
      return {{"metaData", body}};
    }
    json operator()(const AddFile& a) const {
      json body = {{"path", a.path},
                   {"partitionValues", PartitionValuesToJson(a.partition_values)},
                   {"size", a.size},
                   {"modificationTime", a.modification_time},
                   {"dataChange", a.data_change}};
      if (a.stats) body["stats"] = *a.stats;
      if (!a.tags.empty()) body["tags"] = a.tags;
      if (a.deletion_vector) body["deletionVector"] = DvToJson(*a.deletion_vector);
      if (a.base_row_id) body["baseRowId"] = *a.base_row_id;
      if (a.default_row_commit_version) {
        body["defaultRowCommitVersion"] = *a.default_row_commit_version;
      }
      return {{"add", body}};
    }
    json operator()(const RemoveFile& r) const {
      json body = {{"path", r.path}, {"dataChange", r.data_change}};
      if (r.deletion_timestamp) body["deletionTimestamp"] = *r.deletion_timestamp;
      if (r.extended_file_metadata) body["extendedFileMetadata"] = *r.extended_file_metadata;
      if (r.partition_values) body["partitionValues"] = PartitionValuesToJson(*r.partition_values);
      if (r.size) body["size"] = *r.size;
      if (r.deletion_vector) body["deletionVector"] = DvToJson(*r.deletion_vector);
      return {{"remove", body}};
    }
    json operator()(const Txn& t) const {
      json body = {{"appId", t.app_id}, {"version", t.version}};
      if (t.last_updated) body["lastUpdated"] = *t.last_updated;
      return {{"txn", body}};
    }
    json operator()(const CommitInfo& c) const { return {{"commitInfo", json::parse(c.json)}}; }
    json operator()(const DomainMetadata& d) const {
      return {{"domainMetadata",
               {{"domain", d.domain}, {"configuration", d.configuration}, {"removed", d.removed}}}};
    }
    json operator()(const CdcFile& c) const {
      return {{"cdc",
               {{"path", c.path},
                {"partitionValues", PartitionValuesToJson(c.partition_values)},
                {"size", c.size},
                {"dataChange", false}}}};
    }
    json operator()(const SidecarFile& s) const {
      return {{"sidecar", {{"path", s.path}, {"sizeInBytes", s.size_in_bytes}}}};
    }
    json operator()(const CheckpointMetadata& c) const {
      return {{"checkpointMetadata", {{"version", c.version}}}};
    }
  };
  return std::visit(Visitor{}, action);
}

}  // namespace ff::delta
