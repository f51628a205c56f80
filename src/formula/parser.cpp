#include "formula/parser.hpp"

#include <algorithm>
#include <cctype>

#include "flowfile/errors.hpp"
#include "formula/functions.hpp"
#include "formula/lexer.hpp"
#include "util/text.hpp"

namespace ff::formulas {
namespace {

const char* const kKeywords[] = {"if", "then", "elseif", "else", "endif"};
constexpr int kMaxDepth = 400;

bool IsKeyword(const std::string& word) {
  return std::any_of(std::begin(kKeywords), std::end(kKeywords),
                     [&](const char* k) { return word == k; });
}

std::string ArityText(const FunctionSpec& f) {
  if (f.max_args < 0) return "at least " + std::to_string(f.min_args);
  if (f.min_args == f.max_args) return std::to_string(f.min_args);
  return std::to_string(f.min_args) + " to " + std::to_string(f.max_args);
}

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text), tokens_(Tokenize(text)) {
    for (const Token& t : tokens_) {
      if (t.kind == Token::Kind::kWord && IsKeyword(util::AsciiLower(t.text)) &&
          !IsKeyword(t.text)) {
        ThrowAt(text_, t.position,
                "Keywords are case-sensitive: write '" + util::AsciiLower(t.text) + "', not '" +
                    t.text + "'");
      }
    }
  }

  NodePtr Run() {
    NodePtr root = Expression(1);
    if (Peek().kind != Token::Kind::kEnd) {
      Fail("an operator or the end of the formula");
    }
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  [[noreturn]] void Fail(const std::string& expected) const {
    ThrowAt(text_, Peek().position, "unexpected " + Describe(Peek()) + "; expected " + expected);
  }

  // The binary operator at the cursor, normalised ("AND" -> "and"), or "" when none.
  std::string PeekOperator() const {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kOperator) return t.text;
    if (t.kind == Token::Kind::kWord) {
      const std::string lower = util::AsciiLower(t.text);
      if (lower == "and" || lower == "or") return lower;
      if (t.text == "in") return "in";
    }
    return "";
  }

  NodePtr Expression(int min_precedence) {
    if (++depth_ > kMaxDepth) ThrowAt(text_, Peek().position, "the formula nests too deeply");
    NodePtr left = Unary();
    while (true) {
      const std::string op = PeekOperator();
      if (op.empty() || Precedence(op) < min_precedence) break;
      auto node = std::make_unique<Node>();
      node->kind = Node::Kind::kBinary;
      node->position = Next().position;
      node->text = op;
      node->args.push_back(std::move(left));
      node->args.push_back(Expression(Precedence(op) + 1));
      left = std::move(node);
    }
    --depth_;
    return left;
  }

  NodePtr Unary() {
    if (Peek().kind == Token::Kind::kOperator && Peek().text == "-") {
      auto node = std::make_unique<Node>();
      node->kind = Node::Kind::kNegate;
      node->position = Next().position;
      if (++depth_ > kMaxDepth) ThrowAt(text_, node->position, "the formula nests too deeply");
      node->args.push_back(Unary());
      --depth_;
      return node;
    }
    return Primary();
  }

  NodePtr Primary() {
    const Token& t = Peek();
    auto node = std::make_unique<Node>();
    node->position = t.position;
    switch (t.kind) {
      case Token::Kind::kNumber:
      case Token::Kind::kString:
        node->kind = Node::Kind::kLiteral;
        node->value = Next().value;
        return node;
      case Token::Kind::kColumn:
        node->kind = Node::Kind::kColumn;
        node->text = Next().text;
        return node;
      case Token::Kind::kOpen: {
        Next();
        NodePtr inner = Expression(1);
        if (Peek().kind != Token::Kind::kClose) Fail("')' or an operator");
        Next();
        return inner;
      }
      case Token::Kind::kWord: return Word();
      default: Fail("a value: [column], \"text\", a number, true/false, a function call or if");
    }
  }

  NodePtr Word() {
    const Token& t = Peek();
    const std::string lower = util::AsciiLower(t.text);
    auto node = std::make_unique<Node>();
    node->position = t.position;
    if (t.text == "if") return If();
    if (lower == "true" || lower == "false") {
      Next();
      node->kind = Node::Kind::kLiteral;
      node->value = lower == "true";
      return node;
    }
    if (t.text == "None") {
      Next();
      node->kind = Node::Kind::kLiteral;
      return node;
    }
    if (tokens_[pos_ + 1].kind == Token::Kind::kOpen) return Call();
    if (FindFunction(t.text)) {
      ThrowAt(text_, t.position,
              "'" + t.text + "' is a function: call it with parentheses, " + t.text + "(...)");
    }
    if (IsKeyword(t.text) || !PeekOperator().empty()) {
      Fail("a value: [column], \"text\", a number, true/false, a function call or if");
    }
    std::string message = "unknown name '" + t.text + "'";
    if (lower == "null" || lower == "nil" || lower == "none") {
      message += "; for a null value write None";
    } else {
      std::vector<std::string> known = FunctionNames();
      for (const char* w : {"if", "true", "false", "None", "and", "or", "in"}) known.push_back(w);
      if (auto hint = DidYouMean(t.text, known)) message += "; did you mean '" + *hint + "'?";
      message += " (a column is written in brackets: [" + t.text + "])";
    }
    ThrowAt(text_, t.position, message);
  }

  NodePtr Call() {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kCall;
    node->position = Peek().position;
    node->text = Next().text;
    const FunctionSpec* spec = FindFunction(node->text);
    if (!spec) {
      std::string message = "unknown function '" + node->text + "'";
      if (auto hint = DidYouMean(node->text, FunctionNames())) {
        message += "; did you mean '" + *hint + "'?";
      } else {
        message += " (see the function list in docs/formulas.md)";
      }
      if (util::AsciiLower(node->text) != node->text) message += " Function names are lowercase.";
      ThrowAt(text_, node->position, message);
    }
    Next();  // (
    if (Peek().kind != Token::Kind::kClose) {
      while (true) {
        node->args.push_back(Expression(1));
        if (Peek().kind == Token::Kind::kComma) {
          Next();
          continue;
        }
        if (Peek().kind != Token::Kind::kClose) Fail("',' or ')' to close " + node->text + "(");
        break;
      }
    }
    Next();  // )
    const int n = static_cast<int>(node->args.size());
    if (n < spec->min_args || (spec->max_args >= 0 && n > spec->max_args)) {
      ThrowAt(text_, node->position,
              node->text + "() takes " + ArityText(*spec) + " argument" +
                  (spec->max_args == 1 && spec->min_args == 1 ? "" : "s") + ", got " +
                  std::to_string(n) + ": " + spec->signature);
    }
    return node;
  }

  void ExpectKeyword(const char* keyword, const std::string& expected) {
    if (Peek().kind != Token::Kind::kWord || Peek().text != keyword) Fail(expected);
    Next();
  }

  NodePtr If() {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kIf;
    node->position = Next().position;
    while (true) {
      node->args.push_back(Expression(1));
      ExpectKeyword("then", "'then' or an operator");
      node->args.push_back(Expression(1));
      const Token& t = Peek();
      if (t.kind == Token::Kind::kWord && t.text == "elseif") {
        Next();
        continue;
      }
      if (t.kind == Token::Kind::kWord && t.text == "endif") {
        ThrowAt(text_, t.position,
                "this if block has no 'else' branch: write if ... then ... else ... endif");
      }
      ExpectKeyword("else", "'elseif', 'else' or an operator");
      node->args.push_back(Expression(1));
      ExpectKeyword("endif", "'endif' or an operator");
      return node;
    }
  }

  const std::string& text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

int Precedence(const std::string& op) {
  if (op == "or") return 1;
  if (op == "and") return 2;
  if (op == ">" || op == "<" || op == ">=" || op == "<=" || op == "!=" || op == "in") return 3;
  if (op == "+" || op == "-") return 4;
  if (op == "*" || op == "/") return 5;
  return 10;  // =, %, &, | (Flowfile gives every operator missing from its table 10)
}

NodePtr Parse(const std::string& formula) { return Parser(formula).Run(); }

void ThrowAt(const std::string& formula, Position position, const std::string& message) {
  // The formula line the error is on, with a caret under the column.
  size_t begin = 0;
  for (int line = 1; line < position.line && begin != std::string::npos; ++line) {
    begin = formula.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  std::string excerpt;
  if (begin != std::string::npos) {
    const size_t end = formula.find('\n', begin);
    excerpt = formula.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  }
  std::string caret(static_cast<size_t>(std::max(0, position.column - 1)), ' ');
  throw FormulaError("formula error at line " + std::to_string(position.line) + ", column " +
                         std::to_string(position.column) + ": " + message + "\n  " + excerpt +
                         "\n  " + caret + "^",
                     position, message);
}

const LiteralValue* LiteralOf(const Node& node, LiteralValue& storage) {
  if (node.kind == Node::Kind::kLiteral) return &node.value;
  if (node.kind == Node::Kind::kNegate && node.args[0]->kind == Node::Kind::kLiteral) {
    const LiteralValue& v = node.args[0]->value;
    if (auto* i = std::get_if<int64_t>(&v)) {
      storage = -*i;
      return &storage;
    }
    if (auto* d = std::get_if<double>(&v)) {
      storage = -*d;
      return &storage;
    }
  }
  return nullptr;
}

}  // namespace ff::formulas
