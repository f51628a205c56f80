// A Flowfile home with a Catalog, and helpers to write SQL rows and read them back sorted.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "delta/sql_session.hpp"
#include "flowfile/catalog.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/workspace.hpp"
#include "temp_home.hpp"

namespace ff::test_support {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    workspace_ = home_.Open();
    catalog_ = std::make_unique<Catalog>(*workspace_);
  }

  CatalogWriteResult Write(const std::string& table, const std::string& sql,
                           CatalogWriteMode mode = CatalogWriteMode::kOverwrite,
                           std::vector<std::string> keys = {}) {
    CatalogWrite write;
    write.table_name = table;
    write.source_sql = sql;
    write.mode = mode;
    write.merge_keys = std::move(keys);
    return catalog_->Write(write);
  }

  //! Rows "a|b|..." sorted as text, of the latest version or `version`.
  std::vector<std::string> Rows(const std::string& table,
                                std::optional<int64_t> version = std::nullopt) {
    const CatalogRead read = catalog_->ReadSql(table, version);
    engine::Session db;
    db.Execute("SET TimeZone = 'UTC'");
    std::vector<std::string> rows;
    for (const auto& row : db.QueryText(read.sql)) {
      std::string text;
      for (size_t i = 0; i < row.size(); ++i) text += (i ? "|" : "") + row[i].value_or("NULL");
      rows.push_back(text);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  //! Parquet data files under a folder (outside `_delta_log`).
  static size_t ParquetFiles(const std::filesystem::path& root) {
    size_t count = 0;
    if (!std::filesystem::exists(root)) return 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.path().string().find("_delta_log") == std::string::npos &&
          entry.path().extension() == ".parquet") {
        ++count;
      }
    }
    return count;
  }

  TempHome home_;
  std::shared_ptr<Workspace> workspace_;
  std::unique_ptr<Catalog> catalog_;
};

//! Runs `body` and returns the ff::Error it throws (fails the test when it does not throw).
template <typename Body>
Error CaptureError(Body body) {
  try {
    body();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an ff::Error";
  return Error(ErrorCode::kInternal, "no error");
}

}  // namespace ff::test_support
