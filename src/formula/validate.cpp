// Checking a formula for an editor: the parser's and compiler's errors as data (message and
// place), so a UI can underline the spot instead of showing the excerpt with a caret.
#include "flowfile/errors.hpp"
#include "formula/compiler.hpp"
#include "formula/formula.hpp"
#include "formula/parser.hpp"

namespace ff::formulas {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The 0-based code point offset of a 1-based line and column (the lexer counts characters
// the same way); the end of the text when the place lies past it.
size_t OffsetOf(const std::string& text, Position at) {
  int line = 1, column = 1;
  size_t offset = 0;
  for (char c : text) {
    if (IsContinuationByte(c)) continue;
    if (line == at.line && column == at.column) return offset;
    ++offset;
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return offset;
}

}  // namespace

Check Validate(const std::string& text, const Schema* columns) {
  Check out;
  try {
    const NodePtr root = Parse(text);
    if (columns != nullptr) out.type = CompileTree(text, *root, *columns).type.ToString();
  } catch (const FormulaError& e) {
    out.ok = false;
    out.message = e.message();
    out.line = e.position().line;
    out.column = e.position().column;
    out.offset = OffsetOf(text, e.position());
  } catch (const Error& e) {
    // Errors raised below the formula layer carry no place: point at the start.
    out.ok = false;
    out.message = e.what();
    out.line = out.column = 1;
  }
  return out;
}

}  // namespace ff::formulas
