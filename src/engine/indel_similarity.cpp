#include "engine/indel_similarity.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "flowfile/errors.hpp"

namespace ff::engine {
namespace {

constexpr const char* kFunctionName = "ff_indel_similarity";

// UTF-8 to code points. DuckDB's VARCHARs are valid UTF-8; a stray byte counts as one point.
std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80    ? 1
                          : lead >= 0xF0 ? 4
                          : lead >= 0xE0 ? 3
                          : lead >= 0xC0 ? 2
                                         : 1;
    if (length == 1 || i + length > text.size()) {
      out.push_back(lead);
      ++i;
      continue;
    }
    char32_t point = lead & (0xFF >> (length + 1));
    for (size_t k = 1; k < length; ++k) point = (point << 6) | (text[i + k] & 0x3F);
    out.push_back(point);
    i += length;
  }
  return out;
}

// Longest common subsequence length, with one row of the table at a time.
size_t CommonSubsequence(const std::u32string& a, const std::u32string& b) {
  const std::u32string& shorter = a.size() <= b.size() ? a : b;
  const std::u32string& longer = a.size() <= b.size() ? b : a;
  std::vector<size_t> row(shorter.size() + 1, 0);
  for (char32_t x : longer) {
    size_t diagonal = 0;  // row[j - 1] of the previous line
    for (size_t j = 1; j <= shorter.size(); ++j) {
      const size_t above = row[j];
      row[j] = x == shorter[j - 1] ? diagonal + 1 : std::max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row.back();
}

std::string_view View(duckdb_string_t& text) {
  return {duckdb_string_t_data(&text), duckdb_string_t_length(text)};
}

// DuckDB flattens the input chunk before calling a C API scalar function.
void Evaluate(duckdb_function_info, duckdb_data_chunk input, duckdb_vector output) {
  const idx_t rows = duckdb_data_chunk_get_size(input);
  duckdb_vector left = duckdb_data_chunk_get_vector(input, 0);
  duckdb_vector right = duckdb_data_chunk_get_vector(input, 1);
  auto* left_text = static_cast<duckdb_string_t*>(duckdb_vector_get_data(left));
  auto* right_text = static_cast<duckdb_string_t*>(duckdb_vector_get_data(right));
  uint64_t* left_valid = duckdb_vector_get_validity(left);
  uint64_t* right_valid = duckdb_vector_get_validity(right);
  auto* scores = static_cast<double*>(duckdb_vector_get_data(output));
  duckdb_vector_ensure_validity_writable(output);
  uint64_t* valid = duckdb_vector_get_validity(output);
  for (idx_t row = 0; row < rows; ++row) {
    if (!duckdb_validity_row_is_valid(left_valid, row) ||
        !duckdb_validity_row_is_valid(right_valid, row)) {
      duckdb_validity_set_row_invalid(valid, row);
      continue;
    }
    scores[row] = IndelSimilarity(View(left_text[row]), View(right_text[row]));
  }
}

}  // namespace

double IndelSimilarity(std::string_view a, std::string_view b) {
  const std::u32string x = CodePoints(a), y = CodePoints(b);
  const size_t total = x.size() + y.size();
  if (total == 0) return 1.0;
  const size_t indel = total - 2 * CommonSubsequence(x, y);
  return 1.0 - static_cast<double>(indel) / static_cast<double>(total);
}

void RegisterIndelSimilarity(duckdb_connection conn) {
  if (FunctionRegistered(conn, kFunctionName)) return;
  duckdb_scalar_function function = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(function, kFunctionName);
  duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  duckdb_logical_type number = duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
  duckdb_scalar_function_add_parameter(function, varchar);
  duckdb_scalar_function_add_parameter(function, varchar);
  duckdb_scalar_function_set_return_type(function, number);
  duckdb_destroy_logical_type(&varchar);
  duckdb_destroy_logical_type(&number);
  duckdb_scalar_function_set_function(function, Evaluate);
  const duckdb_state state = duckdb_register_scalar_function(conn, function);
  duckdb_destroy_scalar_function(&function);
  if (state != DuckDBSuccess && !FunctionRegistered(conn, kFunctionName)) {
    throw Error(ErrorCode::kEngine, "DuckDB refused to register ff_indel_similarity");
  }
}

}  // namespace ff::engine
