// DataFrame: a collected result, stored as an engine table and read on demand.
#include <algorithm>
#include <cstring>

#include "engine/engine.hpp"
#include "engine/value_reader.hpp"
#include "flowfile/errors.hpp"
#include "flowfile/frame.hpp"

namespace ff {

using engine::Ident;

namespace {

// Calls `on_chunk(chunk, rows)` for every chunk of `sql`.
template <typename OnChunk>
void ForEachChunk(const std::string& sql, OnChunk on_chunk) {
  auto connection = engine::Engine::Get().Acquire();
  engine::Result result = connection->Query(sql);
  for (;;) {
    engine::Chunk chunk(result.NextChunk());
    if (!chunk) break;
    on_chunk(chunk.get(), duckdb_data_chunk_get_size(chunk.get()));
  }
}

void ReadRows(const std::string& sql, std::vector<std::vector<Value>>& rows) {
  ForEachChunk(sql, [&rows](duckdb_data_chunk chunk, idx_t) {
    for (auto& row : engine::ChunkRows(chunk)) rows.push_back(std::move(row));
  });
}

size_t ElementSize(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_UTINYINT: return 1;
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_USMALLINT: return 2;
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DATE: return 4;
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
    case DUCKDB_TYPE_TIME: return 8;
    default: return 0;
  }
}

// Polars' display limits: strings cut to 30 characters (counting the opening quote), at most
// 8 columns (the first and last 4 around a "…" column).
constexpr size_t kMaxCellChars = 30;
constexpr size_t kMaxColumns = 8;

// The first `n` code points of UTF-8 `text`.
std::string Prefix(const std::string& text, size_t n) {
  size_t count = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == n) break;
  }
  return text.substr(0, i);
}

std::string Cell(const Value& v) {
  if (v.kind != Value::Kind::kString) return v.ToString();
  const std::string quoted = "\"" + v.text + "\"";
  const std::string cut = Prefix(quoted, kMaxCellChars);
  return cut.size() == quoted.size() ? quoted : cut + "…";
}

// Display width in code points (UTF-8 continuation bytes do not count).
size_t Width(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

std::string Pad(const std::string& text, size_t width) {
  return text + std::string(width > Width(text) ? width - Width(text) : 0, ' ');
}

std::string Repeat(const std::string& piece, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += piece;
  return out;
}

}  // namespace

DataFrame::DataFrame(std::shared_ptr<const void> table, std::string table_name, Schema schema,
                     int64_t height)
    : table_(std::move(table)),
      table_name_(std::move(table_name)),
      schema_(std::move(schema)),
      height_(height) {}

std::vector<std::string> DataFrame::columns() const {
  std::vector<std::string> out;
  for (const Field& f : schema_) out.push_back(f.name);
  return out;
}

std::vector<Value> DataFrame::column(const std::string& name) const {
  bool found = false;
  for (const Field& f : schema_) found = found || f.name == name;
  if (!found) ThrowUnknownName("column", name, columns());
  std::vector<std::vector<Value>> rows;
  ReadRows("SELECT " + Ident(name) + " FROM " + Ident(table_name_), rows);
  std::vector<Value> out;
  out.reserve(rows.size());
  for (auto& row : rows) out.push_back(std::move(row.at(0)));
  return out;
}

std::vector<std::vector<Value>> DataFrame::rows() const {
  std::vector<std::vector<Value>> out;
  out.reserve(static_cast<size_t>(height_));
  ReadRows("SELECT * FROM " + Ident(table_name_), out);
  return out;
}

std::vector<Value> DataFrame::row(int64_t index) const {
  if (index < 0) index += height_;
  if (index < 0 || index >= height_) {
    throw Error(ErrorCode::kInvalidArgument, "row index " + std::to_string(index) +
                                                 " is out of bounds for a frame of height " +
                                                 std::to_string(height_));
  }
  std::vector<std::vector<Value>> rows;
  ReadRows("SELECT * FROM " + Ident(table_name_) + " LIMIT 1 OFFSET " + std::to_string(index),
           rows);
  return rows.at(0);
}

ColumnBuffer DataFrame::column_buffer(const std::string& name) const {
  const Field* field = nullptr;
  for (const Field& f : schema_) {
    if (f.name == name) field = &f;
  }
  if (!field) ThrowUnknownName("column", name, columns());
  ColumnBuffer out;
  out.dtype = field->dtype;
  bool any_null = false;
  size_t filled = 0;
  ForEachChunk("SELECT " + Ident(name) + " FROM " + Ident(table_name_), [&](duckdb_data_chunk chunk,
                                                                            idx_t count) {
    duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, 0);
    duckdb_logical_type type = duckdb_vector_get_column_type(vector);
    const size_t size = ElementSize(duckdb_get_type_id(type));
    duckdb_destroy_logical_type(&type);
    if (size == 0) {
      throw Error(ErrorCode::kInvalidArgument,
                  "column '" + name + "' has type " + field->dtype.ToString() +
                      ", which has no fixed-width array form; use to_list()");
    }
    if (out.data.empty()) {
      out.element_size = size;
      out.data.resize(static_cast<size_t>(height_) * size);
    }
    std::memcpy(out.data.data() + filled * size, duckdb_vector_get_data(vector), count * size);
    if (uint64_t* validity = duckdb_vector_get_validity(vector)) {
      for (idx_t r = 0; r < count; ++r) {
        if (duckdb_validity_row_is_valid(validity, r)) continue;
        if (!any_null) {
          out.validity.assign(static_cast<size_t>(height_), 1);
          any_null = true;
        }
        out.validity[filled + r] = 0;
      }
    }
    filled += count;
  });
  if (out.element_size == 0) {
    out.element_size = 8;  // empty column: the size does not matter
  }
  return out;
}

bool DataFrame::equals(const DataFrame& other) const {
  if (height_ != other.height_ || schema_.size() != other.schema_.size()) return false;
  for (size_t i = 0; i < schema_.size(); ++i) {
    if (schema_[i].name != other.schema_[i].name || !(schema_[i].dtype == other.schema_[i].dtype)) {
      return false;
    }
  }
  return rows() == other.rows();
}

std::string DataFrame::ToString(int64_t max_rows) const {
  // Which rows to show: all, or the first and last halves around a "…" row.
  std::vector<std::vector<Value>> all;
  const bool elide = height_ > max_rows;
  const int64_t head = elide ? (max_rows + 1) / 2 : height_;
  const int64_t tail = elide ? max_rows / 2 : 0;
  std::vector<std::vector<std::string>> cells;
  auto add_rows = [&](const std::string& sql) {
    std::vector<std::vector<Value>> rows;
    ReadRows(sql, rows);
    for (const auto& row : rows) {
      std::vector<std::string> text;
      for (const Value& v : row) text.push_back(Cell(v));
      cells.push_back(std::move(text));
    }
  };
  const std::string table = Ident(table_name_);
  add_rows("SELECT * FROM " + table + " LIMIT " + std::to_string(head));
  const size_t ellipsis_row = cells.size();
  if (elide) {
    add_rows("SELECT * FROM " + table + " LIMIT " + std::to_string(tail) + " OFFSET " +
             std::to_string(height_ - tail));
  }
  // Which columns to show: all, or the first and last halves around a "…" column.
  const size_t total = schema_.size();
  constexpr size_t kHidden = static_cast<size_t>(-1);
  std::vector<size_t> shown;
  for (size_t c = 0; c < total; ++c) {
    if (total <= kMaxColumns || c < kMaxColumns / 2 || c >= total - kMaxColumns / 2) {
      shown.push_back(c);
    } else if (shown.back() != kHidden) {
      shown.push_back(kHidden);
    }
  }
  const size_t n = shown.size();
  // One displayed row: the cells of the shown columns, `hidden` in the "…" column.
  auto pick = [&](const std::vector<std::string>& all_cells, const std::string& hidden) {
    std::vector<std::string> out;
    for (size_t c : shown) out.push_back(c == kHidden ? hidden : all_cells[c]);
    return out;
  };
  std::vector<std::string> names, rules, dtypes, dots(total, "…");
  for (const Field& f : schema_) {
    names.push_back(f.name);
    rules.push_back("---");
    dtypes.push_back(f.dtype.ShortName());
  }
  std::vector<std::vector<std::string>> header = {pick(names, "…"), pick(rules, ""),
                                                  pick(dtypes, "")};
  std::vector<std::vector<std::string>> body;
  for (const auto& row : cells) body.push_back(pick(row, "…"));
  std::vector<size_t> widths(n, 0);
  for (size_t c = 0; c < n; ++c) {
    widths[c] = shown[c] == kHidden ? 1 : 3;
    for (const auto& row : header) widths[c] = std::max(widths[c], Width(row[c]));
    for (const auto& row : body) widths[c] = std::max(widths[c], Width(row[c]));
  }
  auto line = [&](const std::string& left, const std::string& fill, const std::string& mid,
                  const std::string& right) {
    std::string out = left;
    for (size_t c = 0; c < n; ++c) out += Repeat(fill, widths[c] + 2) + (c + 1 < n ? mid : "");
    return out + right + "\n";
  };
  auto text_row = [&](const std::vector<std::string>& values) {
    std::string out = "│";
    for (size_t c = 0; c < n; ++c)
      out += " " + Pad(values[c], widths[c]) + " " + (c + 1 < n ? "┆" : "");
    return out + "│\n";
  };
  std::string out = "shape: (" + std::to_string(height_) + ", " + std::to_string(total) + ")\n";
  if (n == 0) return out + "┌┐\n└┘";
  out += line("┌", "─", "┬", "┐");
  for (const auto& row : header) out += text_row(row);
  out += line("╞", "═", "╪", "╡");
  const std::vector<std::string> dots_row = pick(dots, "…");
  for (size_t r = 0; r < body.size(); ++r) {
    if (elide && r == ellipsis_row) out += text_row(dots_row);
    out += text_row(body[r]);
  }
  if (elide && ellipsis_row == body.size()) out += text_row(dots_row);
  out += line("└", "─", "┴", "┘");
  out.pop_back();
  return out;
}

}  // namespace ff
