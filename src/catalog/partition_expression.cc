// GetPartitions expressions: see partition_expression.h.
#include "catalog/partition_expression.h"

#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/encoding.h"

namespace sluice::catalog {

namespace {

Status InvalidInput(std::string message) { return AwsError("InvalidInputException", 400, std::move(message)); }
Status InvalidState(std::string message) { return AwsError("InvalidStateException", 400, std::move(message)); }

using KeyKind = PartitionExpression::KeyKind;

// A literal or stored value converted to its key's kind. Integers, dates (days) and timestamps
// (seconds + nanos) use the numbers; strings and decimals (canonical text) use `text`.
struct Typed {
  int64_t number = 0;
  int64_t nanos = 0;
  bool negative = false;  // decimals
  std::string text;       // strings; decimals: integer digits, '.', fraction digits, no sign
};

std::optional<int64_t> ParseInt64(std::string_view text) {
  text = TrimSpaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// yyyy-[m]m-[d]d → days since the epoch.
std::optional<int64_t> ParseDate(std::string_view text) {
  size_t first = text.find('-');
  size_t second = first == std::string_view::npos ? first : text.find('-', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  std::string_view year = text.substr(0, first);
  std::string_view month = text.substr(first + 1, second - first - 1);
  std::string_view day = text.substr(second + 1);
  if (year.size() != 4 || month.empty() || month.size() > 2 || day.empty() || day.size() > 2) return std::nullopt;
  if (!AllDigits(year) || !AllDigits(month) || !AllDigits(day)) return std::nullopt;
  int64_t y = *ParseInt64(year), m = *ParseInt64(month), d = *ParseInt64(day);
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

// yyyy-mm-dd hh:mm:ss[.fffffffff] → (seconds since the epoch, nanos).
bool ParseTimestamp(std::string_view text, Typed* out) {
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return false;
  auto days = ParseDate(text.substr(0, space));
  std::string_view time = text.substr(space + 1);
  if (!days || time.size() < 8 || time[2] != ':' || time[5] != ':') return false;
  std::string_view hh = time.substr(0, 2), mm = time.substr(3, 2), ss = time.substr(6, 2);
  if (!AllDigits(hh) || !AllDigits(mm) || !AllDigits(ss)) return false;
  int64_t h = *ParseInt64(hh), m = *ParseInt64(mm), s = *ParseInt64(ss);
  if (h > 23 || m > 59 || s > 59) return false;
  int64_t nanos = 0;
  std::string_view rest = time.substr(8);
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2 || rest.size() > 10 || !AllDigits(rest.substr(1))) return false;
    std::string digits(rest.substr(1));
    digits.resize(9, '0');
    nanos = *ParseInt64(digits);
  }
  out->number = *days * 86400 + h * 3600 + m * 60 + s;
  out->nanos = nanos;
  return true;
}

// [+-]digits[.digits] → sign and canonical digits (no leading integer zeros, no trailing
// fraction zeros), so that equal decimals have equal text.
bool ParseDecimal(std::string_view text, Typed* out) {
  text = TrimSpaces(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  size_t dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (integer.empty() && fraction.empty()) return false;
  if ((!integer.empty() && !AllDigits(integer)) || (!fraction.empty() && !AllDigits(fraction))) return false;
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  out->text = std::string(integer) + "." + std::string(fraction);
  out->negative = negative && (integer.size() + fraction.size() > 0);
  return true;
}

int CompareMagnitude(const std::string& a, const std::string& b) {
  size_t a_dot = a.find('.'), b_dot = b.find('.');
  if (a_dot != b_dot) return a_dot < b_dot ? -1 : 1;  // more integer digits is larger
  int c = a.compare(0, a_dot, b, 0, b_dot);
  if (c != 0) return c < 0 ? -1 : 1;
  c = a.compare(a_dot, std::string::npos, b, b_dot, std::string::npos);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool Convert(KeyKind kind, std::string_view text, Typed* out) {
  switch (kind) {
    case KeyKind::kString:
      out->text = std::string(text);
      return true;
    case KeyKind::kInteger: {
      auto value = ParseInt64(text);
      if (!value) return false;
      out->number = *value;
      return true;
    }
    case KeyKind::kDate: {
      auto days = ParseDate(TrimSpaces(text));
      if (!days) return false;
      out->number = *days;
      return true;
    }
    case KeyKind::kTimestamp:
      return ParseTimestamp(TrimSpaces(text), out);
    case KeyKind::kDecimal:
      return ParseDecimal(text, out);
  }
  return false;
}

int Compare(KeyKind kind, const Typed& a, const Typed& b) {
  switch (kind) {
    case KeyKind::kString: {
      int c = a.text.compare(b.text);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case KeyKind::kInteger:
    case KeyKind::kDate:
      return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    case KeyKind::kTimestamp:
      if (a.number != b.number) return a.number < b.number ? -1 : 1;
      return a.nanos < b.nanos ? -1 : (a.nanos > b.nanos ? 1 : 0);
    case KeyKind::kDecimal: {
      if (a.negative != b.negative) return a.negative ? -1 : 1;
      int c = CompareMagnitude(a.text, b.text);
      return a.negative ? -c : c;
    }
  }
  return 0;
}

std::string_view KindName(KeyKind kind) {
  switch (kind) {
    case KeyKind::kString: return "string";
    case KeyKind::kInteger: return "integer";
    case KeyKind::kDate: return "date";
    case KeyKind::kTimestamp: return "timestamp";
    case KeyKind::kDecimal: return "decimal";
  }
  return "?";
}

enum class CompareOp : unsigned char { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

bool ApplyCompare(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEqual: return c == 0;
    case CompareOp::kNotEqual: return c != 0;
    case CompareOp::kLess: return c < 0;
    case CompareOp::kLessEqual: return c <= 0;
    case CompareOp::kGreater: return c > 0;
    case CompareOp::kGreaterEqual: return c >= 0;
  }
  return false;
}

// `literal op key` is `key op' literal`.
CompareOp Mirror(CompareOp op) {
  switch (op) {
    case CompareOp::kLess: return CompareOp::kGreater;
    case CompareOp::kLessEqual: return CompareOp::kGreaterEqual;
    case CompareOp::kGreater: return CompareOp::kLess;
    case CompareOp::kGreaterEqual: return CompareOp::kLessEqual;
    default: return op;
  }
}

// ---- tokens ----

enum class TokenKind : unsigned char { kWord, kQuotedName, kString, kNumber, kSymbol, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // words as written; strings unescaped; symbols as written
  size_t offset = 0;
};

Result<std::vector<Token>> Tokenize(std::string_view input) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
  };
  while (i < input.size()) {
    char c = input[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    Token token;
    token.offset = i;
    if (c == '\'') {
      token.kind = TokenKind::kString;
      ++i;
      bool closed = false;
      while (i < input.size()) {
        if (input[i] == '\'') {
          if (i + 1 < input.size() && input[i + 1] == '\'') {
            token.text += '\'';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        token.text += input[i++];
      }
      if (!closed) return InvalidInput(fmt::format("Unterminated string literal at position {}", token.offset));
    } else if (c == '"' || c == '`') {
      token.kind = TokenKind::kQuotedName;
      size_t end = input.find(c, i + 1);
      if (end == std::string_view::npos) {
        return InvalidInput(fmt::format("Unterminated quoted name at position {}", token.offset));
      }
      token.text = std::string(input.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               ((c == '-' || c == '+' || c == '.') && i + 1 < input.size() &&
                (std::isdigit(static_cast<unsigned char>(input[i + 1])) || input[i + 1] == '.'))) {
      token.kind = TokenKind::kNumber;
      size_t start = i;
      if (c == '-' || c == '+') ++i;
      bool dot = false, digits = false;
      while (i < input.size() && (std::isdigit(static_cast<unsigned char>(input[i])) || (input[i] == '.' && !dot))) {
        dot = dot || input[i] == '.';
        digits = digits || input[i] != '.';
        ++i;
      }
      if (!digits) return InvalidInput(fmt::format("Malformed number at position {}", start));
      token.text = std::string(input.substr(start, i - start));
    } else if (is_word(c)) {
      token.kind = TokenKind::kWord;
      size_t start = i;
      while (i < input.size() && is_word(input[i])) ++i;
      token.text = std::string(input.substr(start, i - start));
    } else {
      token.kind = TokenKind::kSymbol;
      std::string_view two = input.substr(i, 2);
      if (two == "<>" || two == "!=" || two == "<=" || two == ">=") {
        token.text = std::string(two);
        i += 2;
      } else if (c == '(' || c == ')' || c == ',' || c == '=' || c == '<' || c == '>') {
        token.text = std::string(1, c);
        ++i;
      } else {
        return InvalidInput(fmt::format("Unexpected character '{}' at position {}", c, i));
      }
    }
    tokens.push_back(std::move(token));
  }
  Token end;
  end.kind = TokenKind::kEnd;
  end.offset = input.size();
  tokens.push_back(end);
  return tokens;
}

}  // namespace

struct PartitionExpression::Node {
  enum class Kind : unsigned char { kAnd, kOr, kNot, kCompare, kBetween, kIn, kLike, kIsNull };
  Kind kind = Kind::kCompare;
  int left = -1;
  int right = -1;
  int key = -1;
  CompareOp op = CompareOp::kEqual;
  bool negated = false;
  std::vector<Typed> literals;
  std::string pattern;  // LIKE
};

namespace {

constexpr int kMaxDepth = 200;  // nesting of parentheses and NOTs; deeper input is refused

class Parser {
 public:
  using Node = PartitionExpression::Node;
  using Key = PartitionExpression::Key;

  Parser(std::vector<Token> tokens, const std::vector<Key>& keys, std::vector<Node>* nodes)
      : tokens_(std::move(tokens)), keys_(keys), nodes_(nodes) {}

  Result<int> ParseAll() {
    ASSIGN_OR_RETURN(int root, ParseOr(0));
    if (Peek().kind != TokenKind::kEnd) return Unexpected();
    return root;
  }

 private:
  const Token& Peek(size_t ahead = 0) const { return tokens_[std::min(position_ + ahead, tokens_.size() - 1)]; }
  const Token& Next() { return tokens_[std::min(position_++, tokens_.size() - 1)]; }
  bool IsKeyword(const Token& token, std::string_view keyword) const {
    return token.kind == TokenKind::kWord && EqualsIgnoreCase(token.text, keyword);
  }
  bool IsSymbol(const Token& token, std::string_view symbol) const {
    return token.kind == TokenKind::kSymbol && token.text == symbol;
  }
  Status Unexpected() const {
    const Token& token = Peek();
    if (token.kind == TokenKind::kEnd) return InvalidInput("Unexpected end of expression");
    return InvalidInput(fmt::format("Unexpected '{}' at position {} in expression", token.text, token.offset));
  }
  int Add(Node node) {
    nodes_->push_back(std::move(node));
    return static_cast<int>(nodes_->size() - 1);
  }

  Result<int> ParseOr(int depth) {
    ASSIGN_OR_RETURN(int left, ParseAnd(depth));
    while (IsKeyword(Peek(), "or")) {
      Next();
      ASSIGN_OR_RETURN(int right, ParseAnd(depth));
      Node node;
      node.kind = Node::Kind::kOr;
      node.left = left;
      node.right = right;
      left = Add(std::move(node));
    }
    return left;
  }

  Result<int> ParseAnd(int depth) {
    ASSIGN_OR_RETURN(int left, ParseFactor(depth));
    while (IsKeyword(Peek(), "and")) {
      Next();
      ASSIGN_OR_RETURN(int right, ParseFactor(depth));
      Node node;
      node.kind = Node::Kind::kAnd;
      node.left = left;
      node.right = right;
      left = Add(std::move(node));
    }
    return left;
  }

  Result<int> ParseFactor(int depth) {
    if (depth > kMaxDepth) return InvalidInput("Expression is nested too deeply");
    if (IsKeyword(Peek(), "not")) {
      Next();
      ASSIGN_OR_RETURN(int operand, ParseFactor(depth + 1));
      Node node;
      node.kind = Node::Kind::kNot;
      node.left = operand;
      return Add(std::move(node));
    }
    if (IsSymbol(Peek(), "(")) {
      Next();
      ASSIGN_OR_RETURN(int inner, ParseOr(depth + 1));
      if (!IsSymbol(Peek(), ")")) return Unexpected();
      Next();
      return inner;
    }
    return ParsePredicate();
  }

  bool IsName(const Token& token) const {
    if (token.kind == TokenKind::kQuotedName) return true;
    if (token.kind != TokenKind::kWord) return false;
    for (std::string_view keyword : {"and", "or", "not", "between", "in", "like", "is", "null"}) {
      if (EqualsIgnoreCase(token.text, keyword)) return false;
    }
    return true;
  }
  bool IsLiteral(const Token& token) const {
    return token.kind == TokenKind::kString || token.kind == TokenKind::kNumber;
  }

  Result<int> KeyIndex(const Token& token) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (EqualsIgnoreCase(keys_[i].name, token.text)) return static_cast<int>(i);
    }
    return InvalidInput(fmt::format("Unknown column '{}' in expression: it is not a partition key", token.text));
  }

  Result<Typed> Literal(int key) {
    const Token& token = Next();
    if (!IsLiteral(token)) {
      --position_;
      return Unexpected();
    }
    Typed value;
    if (!Convert(keys_[key].kind, token.text, &value)) {
      return InvalidInput(fmt::format("Value '{}' cannot be compared with partition key '{}' of type {}", token.text,
                                      keys_[key].name, KindName(keys_[key].kind)));
    }
    return value;
  }

  std::optional<CompareOp> ComparisonAhead() const {
    const Token& token = Peek();
    if (token.kind != TokenKind::kSymbol) return std::nullopt;
    if (token.text == "=") return CompareOp::kEqual;
    if (token.text == "<>" || token.text == "!=") return CompareOp::kNotEqual;
    if (token.text == "<") return CompareOp::kLess;
    if (token.text == "<=") return CompareOp::kLessEqual;
    if (token.text == ">") return CompareOp::kGreater;
    if (token.text == ">=") return CompareOp::kGreaterEqual;
    return std::nullopt;
  }

  Result<int> ParsePredicate() {
    // literal op key
    if (IsLiteral(Peek())) {
      size_t literal_position = position_;
      Next();
      auto op = ComparisonAhead();
      if (!op) return Unexpected();
      Next();
      if (!IsName(Peek())) return Unexpected();
      ASSIGN_OR_RETURN(int key, KeyIndex(Next()));
      size_t after = position_;
      position_ = literal_position;
      ASSIGN_OR_RETURN(Typed literal, Literal(key));
      position_ = after;
      Node node;
      node.kind = Node::Kind::kCompare;
      node.key = key;
      node.op = Mirror(*op);
      node.literals.push_back(std::move(literal));
      return Add(std::move(node));
    }
    if (!IsName(Peek())) return Unexpected();
    ASSIGN_OR_RETURN(int key, KeyIndex(Next()));
    Node node;
    node.key = key;
    if (auto op = ComparisonAhead()) {
      Next();
      node.kind = Node::Kind::kCompare;
      node.op = *op;
      ASSIGN_OR_RETURN(Typed literal, Literal(key));
      node.literals.push_back(std::move(literal));
      return Add(std::move(node));
    }
    if (IsKeyword(Peek(), "is")) {
      Next();
      node.kind = Node::Kind::kIsNull;
      if (IsKeyword(Peek(), "not")) {
        Next();
        node.negated = true;
      }
      if (!IsKeyword(Peek(), "null")) return Unexpected();
      Next();
      return Add(std::move(node));
    }
    if (IsKeyword(Peek(), "not")) {
      Next();
      node.negated = true;
    }
    if (IsKeyword(Peek(), "between")) {
      Next();
      node.kind = Node::Kind::kBetween;
      ASSIGN_OR_RETURN(Typed low, Literal(key));
      if (!IsKeyword(Peek(), "and")) return Unexpected();
      Next();
      ASSIGN_OR_RETURN(Typed high, Literal(key));
      node.literals.push_back(std::move(low));
      node.literals.push_back(std::move(high));
      return Add(std::move(node));
    }
    if (IsKeyword(Peek(), "in")) {
      Next();
      node.kind = Node::Kind::kIn;
      if (!IsSymbol(Peek(), "(")) return Unexpected();
      Next();
      while (true) {
        ASSIGN_OR_RETURN(Typed literal, Literal(key));
        node.literals.push_back(std::move(literal));
        if (IsSymbol(Peek(), ",")) {
          Next();
          continue;
        }
        if (IsSymbol(Peek(), ")")) {
          Next();
          break;
        }
        return Unexpected();
      }
      return Add(std::move(node));
    }
    if (IsKeyword(Peek(), "like")) {
      Next();
      node.kind = Node::Kind::kLike;
      if (keys_[key].kind != KeyKind::kString) {
        return InvalidInput(fmt::format("LIKE is not supported on partition key '{}' of type {}", keys_[key].name,
                                        KindName(keys_[key].kind)));
      }
      if (Peek().kind != TokenKind::kString) return Unexpected();
      node.pattern = Next().text;
      return Add(std::move(node));
    }
    return Unexpected();
  }

  std::vector<Token> tokens_;
  size_t position_ = 0;
  const std::vector<Key>& keys_;
  std::vector<Node>* nodes_;
};

}  // namespace

Result<PartitionExpression::KeyKind> PartitionKeyKind(std::string_view hive_type) {
  std::string type = AsciiLower(TrimSpaces(hive_type));
  size_t paren = type.find('(');
  std::string base = type.substr(0, paren);
  if (base == "string" || base == "char" || base == "varchar") return KeyKind::kString;
  if (base == "int" || base == "integer" || base == "bigint" || base == "long" || base == "tinyint" ||
      base == "smallint") {
    return KeyKind::kInteger;
  }
  if (base == "date") return KeyKind::kDate;
  if (base == "timestamp") return KeyKind::kTimestamp;
  if (base == "decimal") return KeyKind::kDecimal;
  return InvalidInput(fmt::format("Unsupported partition key type '{}' in expression", hive_type));
}

bool SqlLikeMatches(std::string_view pattern, std::string_view text) {
  // Greedy matching with one backtrack point for the last %: linear in practice, at most
  // O(pattern × text) for adversarial input (both bounded by request limits).
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  auto char_length = [](std::string_view s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    return std::min(length, s.size() - i);
  };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = ++p;
      star_t = t;
    } else if (p < pattern.size() && pattern[p] == '_') {
      ++p;
      t += char_length(text, t);
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star_p != std::string_view::npos) {
      p = star_p;
      star_t += char_length(text, star_t);
      t = star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

PartitionExpression::PartitionExpression() = default;
PartitionExpression::PartitionExpression(PartitionExpression&&) noexcept = default;
PartitionExpression& PartitionExpression::operator=(PartitionExpression&&) noexcept = default;
PartitionExpression::~PartitionExpression() = default;

Result<PartitionExpression> PartitionExpression::Parse(std::string_view text, const std::vector<Column>& partition_keys) {
  PartitionExpression expression;
  if (TrimSpaces(text).find_first_not_of("\r\n") == std::string_view::npos) return expression;
  for (const auto& column : partition_keys) {
    Key key;
    key.name = column.name;
    // A key of a type expressions cannot compare is an error only when the expression uses it.
    auto kind = PartitionKeyKind(column.type);
    key.kind = kind.ok() ? *kind : KeyKind::kString;
    expression.keys_.push_back(std::move(key));
  }
  ASSIGN_OR_RETURN(auto tokens, Tokenize(text));
  Parser parser(std::move(tokens), expression.keys_, &expression.nodes_);
  ASSIGN_OR_RETURN(expression.root_, parser.ParseAll());
  for (const Node& node : expression.nodes_) {
    if (node.key < 0) continue;
    const Column& column = partition_keys[node.key];
    RETURN_IF_ERROR(PartitionKeyKind(column.type).status());
  }
  return expression;
}

Result<bool> PartitionExpression::Matches(std::span<const std::string_view> values) const {
  if (root_ < 0) return true;
  return Evaluate(root_, values);
}

Result<bool> PartitionExpression::Evaluate(int index, std::span<const std::string_view> values) const {
  const Node& node = nodes_[index];
  switch (node.kind) {
    case Node::Kind::kAnd: {
      ASSIGN_OR_RETURN(bool left, Evaluate(node.left, values));
      if (!left) return false;
      return Evaluate(node.right, values);
    }
    case Node::Kind::kOr: {
      ASSIGN_OR_RETURN(bool left, Evaluate(node.left, values));
      if (left) return true;
      return Evaluate(node.right, values);
    }
    case Node::Kind::kNot: {
      ASSIGN_OR_RETURN(bool operand, Evaluate(node.left, values));
      return !operand;
    }
    case Node::Kind::kIsNull:
      // Stored partition values are never null.
      return node.negated;
    default:
      break;
  }
  if (static_cast<size_t>(node.key) >= values.size()) {
    return InvalidState(fmt::format("Partition has no value for key '{}'", keys_[node.key].name));
  }
  const Key& key = keys_[node.key];
  std::string_view raw = values[node.key];
  if (node.kind == Node::Kind::kLike) return SqlLikeMatches(node.pattern, raw) != node.negated;
  // `compare(literal)` orders the stored value against a literal: strings without conversion,
  // other kinds after converting the stored value once.
  auto apply = [&](auto compare) -> bool {
    switch (node.kind) {
      case Node::Kind::kCompare: return ApplyCompare(node.op, compare(node.literals[0]));
      case Node::Kind::kBetween:
        return (compare(node.literals[0]) >= 0 && compare(node.literals[1]) <= 0) != node.negated;
      case Node::Kind::kIn: {
        bool found = false;
        for (const auto& literal : node.literals) found = found || compare(literal) == 0;
        return found != node.negated;
      }
      default: return false;
    }
  };
  if (key.kind == KeyKind::kString) {
    return apply([&](const Typed& literal) {
      int c = raw.compare(literal.text);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    });
  }
  Typed converted;
  if (!Convert(key.kind, raw, &converted)) {
    return InvalidState(fmt::format("Stored value '{}' of partition key '{}' is not a valid {}", raw, key.name,
                                    KindName(key.kind)));
  }
  return apply([&](const Typed& literal) { return Compare(key.kind, converted, literal); });
}

}  // namespace sluice::catalog
