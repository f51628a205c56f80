#include "formula/lexer.hpp"

#include <cctype>
#include <charconv>

namespace ff::formulas {
namespace {

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  explicit Lexer(const std::string& text) : text_(text) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    while (true) {
      SkipSpaceAndComments();
      Token token;
      token.position = here_;
      if (i_ >= text_.size()) {
        out.push_back(token);
        return out;
      }
      const char c = text_[i_];
      if (c == '[') {
        ReadColumn(token);
      } else if (c == '"' || c == '\'') {
        ReadString(token);
      } else if (IsDigit(c) || (c == '.' && i_ + 1 < text_.size() && IsDigit(text_[i_ + 1]))) {
        ReadNumber(token);
      } else if (IsWordStart(c)) {
        token.kind = Token::Kind::kWord;
        while (i_ < text_.size() && IsWordChar(text_[i_])) token.text += Advance();
      } else if (c == '(' || c == ')' || c == ',') {
        token.kind =
            c == '(' ? Token::Kind::kOpen : (c == ')' ? Token::Kind::kClose : Token::Kind::kComma);
        token.text = std::string(1, Advance());
      } else {
        ReadOperator(token);
      }
      out.push_back(std::move(token));
    }
  }

 private:
  char Advance() {
    const char c = text_[i_++];
    if (c == '\n') {
      ++here_.line;
      here_.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++here_.column;  // count characters, not UTF-8 continuation bytes
    }
    return c;
  }
  bool At(const char* s) const {
    return text_.compare(i_, std::char_traits<char>::length(s), s) == 0;
  }

  void SkipSpaceAndComments() {
    while (i_ < text_.size()) {
      if (std::isspace(static_cast<unsigned char>(text_[i_]))) {
        Advance();
      } else if (At("//")) {
        while (i_ < text_.size() && text_[i_] != '\n') Advance();
      } else {
        return;
      }
    }
  }

  void ReadColumn(Token& token) {
    token.kind = Token::Kind::kColumn;
    Advance();  // [
    while (i_ < text_.size() && text_[i_] != ']' && text_[i_] != '\n') token.text += Advance();
    if (i_ >= text_.size() || text_[i_] != ']') {
      ThrowAt(text_, token.position, "unclosed '[': a column reference ends with ']'");
    }
    Advance();
    if (token.text.empty()) ThrowAt(text_, token.position, "empty column reference '[]'");
    if (token.text.find(',') != std::string::npos) {
      ThrowAt(text_, token.position,
              "'[" + token.text +
                  "]' is not a column reference: column names in formulas "
                  "cannot contain ','");
    }
  }

  uint32_t HexDigits(size_t count, const Position& at) {
    uint32_t cp = 0;
    for (size_t k = 0; k < count; ++k) {
      if (i_ >= text_.size() || !std::isxdigit(static_cast<unsigned char>(text_[i_]))) {
        ThrowAt(text_, at, "bad escape: expected " + std::to_string(count) + " hex digits");
      }
      const char h = Advance();
      cp = cp * 16 + static_cast<uint32_t>(IsDigit(h) ? h - '0' : std::tolower(h) - 'a' + 10);
    }
    return cp;
  }

  // Python's escapes; an unknown escape keeps its backslash (`"\d"` is a regex's `\d`).
  void ReadEscape(std::string& out) {
    const Position at = here_;
    Advance();  // backslash
    const char e = Advance();
    switch (e) {
      case '\\': out += '\\'; return;
      case '\'': out += '\''; return;
      case '"': out += '"'; return;
      case 'a': out += '\a'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'v': out += '\v'; return;
      case 'x': AppendUtf8(out, HexDigits(2, at)); return;
      case 'u': AppendUtf8(out, HexDigits(4, at)); return;
      case 'U': AppendUtf8(out, HexDigits(8, at)); return;
      default: break;
    }
    if (e >= '0' && e <= '7') {
      uint32_t cp = static_cast<uint32_t>(e - '0');
      for (int k = 0; k < 2 && i_ < text_.size() && text_[i_] >= '0' && text_[i_] <= '7'; ++k) {
        cp = cp * 8 + static_cast<uint32_t>(Advance() - '0');
      }
      AppendUtf8(out, cp);
      return;
    }
    out += '\\';
    out += e;
  }

  void ReadString(Token& token) {
    token.kind = Token::Kind::kString;
    const char quote = Advance();
    std::string value;
    while (true) {
      if (i_ >= text_.size() || text_[i_] == '\n') {
        ThrowAt(text_, token.position,
                std::string("unclosed string: expected a closing ") + quote + " on the same line");
      }
      if (text_[i_] == quote) break;
      if (text_[i_] == '\\') {
        if (i_ + 1 < text_.size() && text_[i_ + 1] == quote) {
          ThrowAt(text_, here_,
                  std::string("a quote cannot be escaped inside a string; to include ") + quote +
                      " write the string with the other quote character");
        }
        ReadEscape(value);
        continue;
      }
      value += Advance();
    }
    Advance();
    token.text = value;
    token.value = std::move(value);
  }

  void ReadNumber(Token& token) {
    token.kind = Token::Kind::kNumber;
    const size_t start = i_;
    bool is_float = false;
    while (i_ < text_.size() && IsDigit(text_[i_])) Advance();
    if (i_ < text_.size() && text_[i_] == '.') {
      is_float = true;
      Advance();
      while (i_ < text_.size() && IsDigit(text_[i_])) Advance();
    }
    if (i_ < text_.size() && (text_[i_] == 'e' || text_[i_] == 'E')) {
      size_t j = i_ + 1;
      if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
      if (j < text_.size() && IsDigit(text_[j])) {
        is_float = true;
        while (i_ < j) Advance();
        while (i_ < text_.size() && IsDigit(text_[i_])) Advance();
      }
    }
    token.text = text_.substr(start, i_ - start);
    if (i_ < text_.size() && (IsWordChar(text_[i_]) || text_[i_] == '.')) {
      ThrowAt(text_, token.position,
              "'" + token.text + text_[i_] +
                  "' is not a number; expected digits such as 42, "
                  "3.14 or 1e3");
    }
    if (is_float) {
      token.value = std::stod(token.text);
      return;
    }
    int64_t v = 0;
    auto [end, ec] = std::from_chars(token.text.data(), token.text.data() + token.text.size(), v);
    if (ec != std::errc()) {
      ThrowAt(text_, token.position,
              "the integer " + token.text + " is too large (at most 9223372036854775807)");
    }
    (void)end;
    token.value = v;
  }

  void ReadOperator(Token& token) {
    token.kind = Token::Kind::kOperator;
    struct Bad {
      const char* text;
      const char* hint;
    };
    static const Bad kUnsupported[] = {
        {"<>", "use '!=' for 'not equal'"},
        {"&&", "use 'and' (or '&')"},
        {"||", "use 'or' (or '|'); to join strings use '+' or concat()"},
        {"**", "use pow(base, exponent)"},
        {"^", "use pow(base, exponent)"},
    };
    for (const Bad& bad : kUnsupported) {
      if (At(bad.text)) {
        ThrowAt(text_, token.position,
                std::string("'") + bad.text + "' is not an operator in formulas; " + bad.hint);
      }
    }
    static const char* const kOperators[] = {"==", "!=", "<=", ">=", "<", ">", "=",
                                             "+",  "-",  "*",  "/",  "%", "&", "|"};
    for (const char* op : kOperators) {
      if (At(op)) {
        for (size_t k = 0; op[k]; ++k) token.text += Advance();
        if (token.text == "==") token.text = "=";
        return;
      }
    }
    if (At("!")) ThrowAt(text_, token.position, "'!' is not an operator; use not(x) or '!='");
    std::string c(1, text_[i_]);
    while (i_ + c.size() < text_.size() &&
           (static_cast<unsigned char>(text_[i_ + c.size()]) & 0xC0) == 0x80) {
      c += text_[i_ + c.size()];
    }
    ThrowAt(text_, token.position,
            "unexpected character '" + c +
                "'; expected a value ([column], \"text\", a number, a function call) or an "
                "operator");
  }

  const std::string& text_;
  size_t i_ = 0;
  Position here_;
};

}  // namespace

std::vector<Token> Tokenize(const std::string& formula) { return Lexer(formula).Run(); }

std::string Describe(const Token& token) {
  switch (token.kind) {
    case Token::Kind::kEnd: return "end of the formula";
    case Token::Kind::kColumn: return "column [" + token.text + "]";
    case Token::Kind::kString: return "string \"" + token.text + "\"";
    case Token::Kind::kNumber: return "number " + token.text;
    default: return "'" + token.text + "'";
  }
}

}  // namespace ff::formulas
