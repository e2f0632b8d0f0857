// JSONPath compilation and evaluation: see json_path.h.
#include "states/jsonpath/json_path.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/json.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

enum class SegmentKind : uint8_t { kName, kIndex, kWildcard, kDeepName, kDeepWildcard, kUnion, kSlice, kFilter };
enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kRegex };

}  // namespace

struct JsonPath::Filter {
  enum class Kind : uint8_t { kOr, kAnd, kNot, kCompare, kExists };
  struct Operand {
    enum class Kind : uint8_t { kRelative, kAbsolute, kLiteral } kind = Kind::kLiteral;
    std::shared_ptr<const JsonPath> path;  // for relative ('@') and absolute ('$') operands
    json::value literal;
  };
  Kind kind = Kind::kExists;
  std::vector<std::shared_ptr<const Filter>> children;
  Operand left;
  Operand right;
  CompareOp op = CompareOp::kEq;
  std::shared_ptr<const re2::RE2> regex;

  bool Matches(const json::value& node, const json::value& root) const;
};

struct JsonPath::Segment {
  SegmentKind kind = SegmentKind::kName;
  std::string name;
  int64_t index = 0;
  std::vector<std::string> names;      // kUnion of names
  std::vector<int64_t> indexes;        // kUnion of indexes
  std::optional<int64_t> slice_start;  // kSlice
  std::optional<int64_t> slice_end;
  int64_t slice_step = 1;
  std::shared_ptr<const Filter> filter;  // kFilter; also kDeepName with a bracket filter
};

namespace {
bool IsIdentifierStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentifierChar(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9'); }

}  // namespace

namespace detail {

// Recursive-descent parser over the path text.
class PathParser {
 public:
  explicit PathParser(std::string_view text) : text_(text) {}

  Status Fail(std::string_view what) const {
    return InvalidArgument(fmt::format("invalid JSONPath '{}': {} at position {}", text_, what, pos_));
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  void SkipSpaces() {
    while (!AtEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  size_t pos() const { return pos_; }

  // Parses segments until the end of the text (or, with stop_at_filter_end, until a character
  // that cannot continue a path inside a filter expression).
  Status ParseSegments(std::vector<JsonPath::Segment>& out, bool* definite, bool inside_filter) {
    while (!AtEnd()) {
      char c = Peek();
      if (c == '.') {
        if (Peek(1) == '.') {
          pos_ += 2;
          *definite = false;
          JsonPath::Segment segment;
          if (Peek() == '*') {
            ++pos_;
            segment.kind = SegmentKind::kDeepWildcard;
          } else if (Peek() == '[') {
            // $..['name'] or $..[0]: deep scan with a bracket selector is a deep name/wildcard.
            JsonPath::Segment inner;
            bool ignored = true;
            RETURN_IF_ERROR(ParseBracket(inner, &ignored));
            if (inner.kind == SegmentKind::kName) {
              segment.kind = SegmentKind::kDeepName;
              segment.name = inner.name;
            } else if (inner.kind == SegmentKind::kWildcard) {
              segment.kind = SegmentKind::kDeepWildcard;
            } else {
              // Deep scan then a selector on every node: represent as deep wildcard + selector.
              segment.kind = SegmentKind::kDeepWildcard;
              out.push_back(std::move(segment));
              out.push_back(std::move(inner));
              continue;
            }
          } else {
            std::string name = ReadDotName(inside_filter);
            if (name.empty()) return Fail("expected a member name after '..'");
            segment.kind = SegmentKind::kDeepName;
            segment.name = std::move(name);
          }
          out.push_back(std::move(segment));
          continue;
        }
        ++pos_;
        JsonPath::Segment segment;
        if (Peek() == '*') {
          ++pos_;
          segment.kind = SegmentKind::kWildcard;
          *definite = false;
        } else {
          std::string name = ReadDotName(inside_filter);
          if (name.empty()) return Fail("expected a member name after '.'");
          segment.kind = SegmentKind::kName;
          segment.name = std::move(name);
        }
        out.push_back(std::move(segment));
      } else if (c == '[') {
        JsonPath::Segment segment;
        RETURN_IF_ERROR(ParseBracket(segment, definite));
        out.push_back(std::move(segment));
      } else if (inside_filter) {
        return Status::Ok();
      } else {
        return Fail(fmt::format("unexpected character '{}'", c));
      }
    }
    return Status::Ok();
  }

  // A member name in dot notation: runs to the next '.', '[' (or, inside a filter, to an
  // operator, space or parenthesis).
  std::string ReadDotName(bool inside_filter) {
    size_t start = pos_;
    while (!AtEnd()) {
      char c = text_[pos_];
      if (c == '.' || c == '[') break;
      if (inside_filter && (c == ' ' || c == ')' || c == '=' || c == '!' || c == '<' || c == '>' || c == '&' ||
                            c == '|' || c == ',')) {
        break;
      }
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  Result<std::string> ReadQuoted() {
    char quote = Peek();
    ++pos_;
    std::string value;
    while (!AtEnd() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        ++pos_;
        char e = text_[pos_];
        switch (e) {
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          case 'r': value += '\r'; break;
          default: value += e;
        }
      } else {
        value += text_[pos_];
      }
      ++pos_;
    }
    if (AtEnd()) return Fail("unterminated quoted name");
    ++pos_;
    return value;
  }

  Result<int64_t> ReadInteger() {
    SkipSpaces();
    size_t start = pos_;
    if (Peek() == '-') ++pos_;
    while (!AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, value);
    if (ec != std::errc() || ptr != text_.data() + pos_ || start == pos_) return Fail("expected an integer");
    SkipSpaces();
    return value;
  }

  Status ParseBracket(JsonPath::Segment& segment, bool* definite) {
    ++pos_;  // '['
    SkipSpaces();
    char c = Peek();
    if (c == '*') {
      ++pos_;
      SkipSpaces();
      if (Peek() != ']') return Fail("expected ']'");
      ++pos_;
      segment.kind = SegmentKind::kWildcard;
      *definite = false;
      return Status::Ok();
    }
    if (c == '?') {
      ++pos_;
      SkipSpaces();
      if (Peek() != '(') return Fail("expected '(' after '?'");
      ++pos_;
      ASSIGN_OR_RETURN(auto filter, ParseOr());
      SkipSpaces();
      if (Peek() != ')') return Fail("expected ')' to close the filter");
      ++pos_;
      SkipSpaces();
      if (Peek() != ']') return Fail("expected ']' after the filter");
      ++pos_;
      segment.kind = SegmentKind::kFilter;
      segment.filter = std::move(filter);
      *definite = false;
      return Status::Ok();
    }
    if (c == '\'' || c == '"') {
      std::vector<std::string> names;
      while (true) {
        SkipSpaces();
        if (Peek() != '\'' && Peek() != '"') return Fail("expected a quoted name");
        ASSIGN_OR_RETURN(std::string name, ReadQuoted());
        names.push_back(std::move(name));
        SkipSpaces();
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        break;
      }
      if (Peek() != ']') return Fail("expected ']'");
      ++pos_;
      if (names.size() == 1) {
        segment.kind = SegmentKind::kName;
        segment.name = std::move(names[0]);
      } else {
        segment.kind = SegmentKind::kUnion;
        segment.names = std::move(names);
        *definite = false;
      }
      return Status::Ok();
    }
    // Indexes, unions of indexes, and slices.
    std::optional<int64_t> first;
    if (Peek() != ':') {
      ASSIGN_OR_RETURN(int64_t value, ReadInteger());
      first = value;
    }
    if (Peek() == ':') {
      segment.kind = SegmentKind::kSlice;
      segment.slice_start = first;
      ++pos_;
      SkipSpaces();
      if (Peek() != ']' && Peek() != ':') {
        ASSIGN_OR_RETURN(int64_t end, ReadInteger());
        segment.slice_end = end;
      }
      if (Peek() == ':') {
        ++pos_;
        SkipSpaces();
        if (Peek() != ']') {
          ASSIGN_OR_RETURN(int64_t step, ReadInteger());
          if (step == 0) return Fail("a slice step cannot be 0");
          segment.slice_step = step;
        }
      }
      if (Peek() != ']') return Fail("expected ']' after the slice");
      ++pos_;
      *definite = false;
      return Status::Ok();
    }
    std::vector<int64_t> indexes{*first};
    while (Peek() == ',') {
      ++pos_;
      ASSIGN_OR_RETURN(int64_t value, ReadInteger());
      indexes.push_back(value);
    }
    if (Peek() != ']') return Fail("expected ']'");
    ++pos_;
    if (indexes.size() == 1) {
      segment.kind = SegmentKind::kIndex;
      segment.index = indexes[0];
      // A negative index counts from the end; still one node at most.
    } else {
      segment.kind = SegmentKind::kUnion;
      segment.indexes = std::move(indexes);
      *definite = false;
    }
    return Status::Ok();
  }

  // --- filter expressions ---

  Result<std::shared_ptr<const JsonPath::Filter>> ParseOr() {
    ASSIGN_OR_RETURN(auto left, ParseAnd());
    while (true) {
      SkipSpaces();
      if (Peek() == '|' && Peek(1) == '|') {
        pos_ += 2;
        ASSIGN_OR_RETURN(auto right, ParseAnd());
        auto node = std::make_shared<JsonPath::Filter>();
        node->kind = JsonPath::Filter::Kind::kOr;
        node->children = {std::move(left), std::move(right)};
        left = std::move(node);
      } else {
        return left;
      }
    }
  }

  Result<std::shared_ptr<const JsonPath::Filter>> ParseAnd() {
    ASSIGN_OR_RETURN(auto left, ParseUnary());
    while (true) {
      SkipSpaces();
      if (Peek() == '&' && Peek(1) == '&') {
        pos_ += 2;
        ASSIGN_OR_RETURN(auto right, ParseUnary());
        auto node = std::make_shared<JsonPath::Filter>();
        node->kind = JsonPath::Filter::Kind::kAnd;
        node->children = {std::move(left), std::move(right)};
        left = std::move(node);
      } else {
        return left;
      }
    }
  }

  Result<std::shared_ptr<const JsonPath::Filter>> ParseUnary() {
    if (++depth_ > 32) return Fail("filter nested too deeply");
    SkipSpaces();
    if (Peek() == '!' && Peek(1) != '=') {
      ++pos_;
      ASSIGN_OR_RETURN(auto inner, ParseUnary());
      auto node = std::make_shared<JsonPath::Filter>();
      node->kind = JsonPath::Filter::Kind::kNot;
      node->children = {std::move(inner)};
      --depth_;
      return std::shared_ptr<const JsonPath::Filter>(std::move(node));
    }
    if (Peek() == '(') {
      ++pos_;
      ASSIGN_OR_RETURN(auto inner, ParseOr());
      SkipSpaces();
      if (Peek() != ')') return Fail("expected ')'");
      ++pos_;
      --depth_;
      return inner;
    }
    auto node = std::make_shared<JsonPath::Filter>();
    ASSIGN_OR_RETURN(node->left, ParseOperand());
    SkipSpaces();
    std::optional<CompareOp> op;
    if (Peek() == '=' && Peek(1) == '=') op = CompareOp::kEq, pos_ += 2;
    else if (Peek() == '!' && Peek(1) == '=') op = CompareOp::kNe, pos_ += 2;
    else if (Peek() == '<' && Peek(1) == '=') op = CompareOp::kLe, pos_ += 2;
    else if (Peek() == '>' && Peek(1) == '=') op = CompareOp::kGe, pos_ += 2;
    else if (Peek() == '=' && Peek(1) == '~') op = CompareOp::kRegex, pos_ += 2;
    else if (Peek() == '<') op = CompareOp::kLt, ++pos_;
    else if (Peek() == '>') op = CompareOp::kGt, ++pos_;
    if (!op) {
      if (node->left.kind == JsonPath::Filter::Operand::Kind::kLiteral) return Fail("expected a path in the filter");
      node->kind = JsonPath::Filter::Kind::kExists;
      --depth_;
      return std::shared_ptr<const JsonPath::Filter>(std::move(node));
    }
    node->kind = JsonPath::Filter::Kind::kCompare;
    node->op = *op;
    SkipSpaces();
    if (*op == CompareOp::kRegex) {
      if (Peek() != '/') return Fail("expected a /regex/ after =~");
      ++pos_;
      std::string pattern;
      while (!AtEnd() && text_[pos_] != '/') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') ++pos_;
        pattern += text_[pos_++];
      }
      if (AtEnd()) return Fail("unterminated regular expression");
      ++pos_;
      re2::RE2::Options options;
      options.set_log_errors(false);
      while (!AtEnd() && IsIdentifierChar(text_[pos_])) {
        if (text_[pos_] == 'i') options.set_case_sensitive(false);
        ++pos_;
      }
      auto regex = std::make_shared<re2::RE2>(pattern, options);
      if (!regex->ok()) return Fail("invalid regular expression");
      node->regex = std::move(regex);
    } else {
      ASSIGN_OR_RETURN(node->right, ParseOperand());
    }
    --depth_;
    return std::shared_ptr<const JsonPath::Filter>(std::move(node));
  }

  Result<JsonPath::Filter::Operand> ParseOperand() {
    SkipSpaces();
    JsonPath::Filter::Operand operand;
    char c = Peek();
    if (c == '@' || c == '$') {
      ++pos_;
      auto path = std::make_shared<JsonPath>();
      std::vector<JsonPath::Segment> segments;
      bool definite = true;
      RETURN_IF_ERROR(ParseSegments(segments, &definite, /*inside_filter=*/true));
      operand.kind = c == '@' ? JsonPath::Filter::Operand::Kind::kRelative : JsonPath::Filter::Operand::Kind::kAbsolute;
      operand.path = std::make_shared<const JsonPath>(
          Build(std::string(1, c), PathRoot::kInput, "", std::move(segments), definite));
      return operand;
    }
    if (c == '\'' || c == '"') {
      ASSIGN_OR_RETURN(std::string value, ReadQuoted());
      operand.literal = json::value(value);
      return operand;
    }
    if (text_.substr(pos_).starts_with("true")) {
      pos_ += 4;
      operand.literal = true;
      return operand;
    }
    if (text_.substr(pos_).starts_with("false")) {
      pos_ += 5;
      operand.literal = false;
      return operand;
    }
    if (text_.substr(pos_).starts_with("null")) {
      pos_ += 4;
      operand.literal = nullptr;
      return operand;
    }
    size_t start = pos_;
    while (!AtEnd() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '-' ||
                        text_[pos_] == '+' || text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
    }
    if (start == pos_) return Fail("expected a value in the filter");
    auto parsed = ParseJson(text_.substr(start, pos_ - start));
    if (!parsed.ok() || !parsed->is_number()) return Fail("invalid number in the filter");
    operand.literal = std::move(*parsed);
    return operand;
  }

  static JsonPath Build(std::string text, PathRoot root, std::string variable, std::vector<JsonPath::Segment> segments,
                        bool definite) {
    JsonPath path;
    path.text_ = std::move(text);
    path.root_ = root;
    path.variable_ = std::move(variable);
    path.segments_ = std::move(segments);
    path.definite_ = definite;
    return path;
  }

  // The whole text: a root ($, $$ or $name) followed by segments.
  Result<JsonPath> ParseWhole() {
    if (Peek() != '$') return Fail("a path must start with '$'");
    ++pos_;
    PathRoot root = PathRoot::kInput;
    std::string variable;
    if (Peek() == '$') {
      ++pos_;
      root = PathRoot::kContext;
    } else if (IsIdentifierStart(Peek())) {
      root = PathRoot::kVariable;
      while (!AtEnd() && IsIdentifierChar(text_[pos_])) variable += text_[pos_++];
    }
    std::vector<JsonPath::Segment> segments;
    bool definite = true;
    RETURN_IF_ERROR(ParseSegments(segments, &definite, /*inside_filter=*/false));
    return Build(std::string(text_), root, std::move(variable), std::move(segments), definite);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace detail

namespace {

// Compares JSON values for filters and Choice rules: numbers numerically, strings bytewise.
// Returns nullopt when the two are not comparable.
std::optional<int> CompareValues(const json::value& a, const json::value& b) {
  auto x = AsNumber(a);
  auto y = AsNumber(b);
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  if (a.is_string() && b.is_string()) {
    int c = std::string_view(a.get_string()).compare(std::string_view(b.get_string()));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

bool ValuesEqual(const json::value& a, const json::value& b) {
  auto x = AsNumber(a);
  auto y = AsNumber(b);
  if (x && y) return *x == *y;
  return a == b;
}

}  // namespace

bool JsonPath::Filter::Matches(const json::value& node, const json::value& root) const {
  switch (kind) {
    case Kind::kOr: return children[0]->Matches(node, root) || children[1]->Matches(node, root);
    case Kind::kAnd: return children[0]->Matches(node, root) && children[1]->Matches(node, root);
    case Kind::kNot: return !children[0]->Matches(node, root);
    case Kind::kExists: {
      const json::value& base = left.kind == Operand::Kind::kRelative ? node : root;
      if (left.path->definite()) return left.path->Find(base) != nullptr;
      auto selected = left.path->Select(base);
      return selected && selected->is_array() && !selected->get_array().empty();
    }
    case Kind::kCompare: {
      auto resolve = [&](const Operand& operand) -> std::optional<json::value> {
        if (operand.kind == Operand::Kind::kLiteral) return operand.literal;
        const json::value& base = operand.kind == Operand::Kind::kRelative ? node : root;
        return operand.path->Select(base);
      };
      auto l = resolve(left);
      if (!l) return false;
      if (op == CompareOp::kRegex) {
        return l->is_string() && re2::RE2::FullMatch(std::string_view(l->get_string()), *regex);
      }
      auto r = resolve(right);
      if (!r) return false;
      switch (op) {
        case CompareOp::kEq: return ValuesEqual(*l, *r);
        case CompareOp::kNe: return !ValuesEqual(*l, *r);
        default: break;
      }
      auto c = CompareValues(*l, *r);
      if (!c) return false;
      switch (op) {
        case CompareOp::kLt: return *c < 0;
        case CompareOp::kLe: return *c <= 0;
        case CompareOp::kGt: return *c > 0;
        case CompareOp::kGe: return *c >= 0;
        default: return false;
      }
    }
  }
  return false;
}

JsonPath::JsonPath() = default;
JsonPath::~JsonPath() = default;
JsonPath::JsonPath(const JsonPath&) = default;
JsonPath& JsonPath::operator=(const JsonPath&) = default;
JsonPath::JsonPath(JsonPath&&) noexcept = default;
JsonPath& JsonPath::operator=(JsonPath&&) noexcept = default;

Result<JsonPath> JsonPath::Parse(std::string_view text) {
  detail::PathParser parser(text);
  return parser.ParseWhole();
}

namespace {

// The array position an index segment names (negative counts from the end), or nullopt.
std::optional<size_t> ResolveIndex(int64_t index, size_t size) {
  if (index < 0) index += static_cast<int64_t>(size);
  if (index < 0 || static_cast<uint64_t>(index) >= size) return std::nullopt;
  return static_cast<size_t>(index);
}

}  // namespace

std::string JsonPath::NormalizedText() const {
  std::string out = root_ == PathRoot::kContext ? "$$" : (root_ == PathRoot::kVariable ? "$" + variable_ : "$");
  for (const Segment& segment : segments_) {
    switch (segment.kind) {
      case SegmentKind::kName: out += "['" + segment.name + "']"; break;
      case SegmentKind::kIndex: out += "[" + std::to_string(segment.index) + "]"; break;
      case SegmentKind::kWildcard: out += "[*]"; break;
      default: return text_;
    }
  }
  return out;
}

const json::value* JsonPath::Find(const json::value& root) const {
  const json::value* node = &root;
  for (const Segment& segment : segments_) {
    if (segment.kind == SegmentKind::kName) {
      if (!node->is_object()) return nullptr;
      const auto& object = node->get_object();
      auto it = object.find(segment.name);
      if (it == object.end()) return nullptr;
      node = &it->value();
    } else if (segment.kind == SegmentKind::kIndex) {
      if (!node->is_array()) return nullptr;
      const auto& array = node->get_array();
      auto position = ResolveIndex(segment.index, array.size());
      if (!position) return nullptr;
      node = &array[*position];
    } else {
      return nullptr;  // not definite
    }
  }
  return node;
}

void JsonPath::CollectFrom(const json::value& node, size_t index, std::vector<const json::value*>& out) const {
  if (index == segments_.size()) {
    out.push_back(&node);
    return;
  }
  const Segment& segment = segments_[index];
  switch (segment.kind) {
    case SegmentKind::kName:
      if (node.is_object()) {
        auto it = node.get_object().find(segment.name);
        if (it != node.get_object().end()) CollectFrom(it->value(), index + 1, out);
      }
      return;
    case SegmentKind::kIndex:
      if (node.is_array()) {
        auto position = ResolveIndex(segment.index, node.get_array().size());
        if (position) CollectFrom(node.get_array()[*position], index + 1, out);
      }
      return;
    case SegmentKind::kWildcard:
      if (node.is_object()) {
        for (const auto& member : node.get_object()) CollectFrom(member.value(), index + 1, out);
      } else if (node.is_array()) {
        for (const auto& element : node.get_array()) CollectFrom(element, index + 1, out);
      }
      return;
    case SegmentKind::kUnion:
      if (node.is_object() && !segment.names.empty()) {
        for (const auto& name : segment.names) {
          auto it = node.get_object().find(name);
          if (it != node.get_object().end()) CollectFrom(it->value(), index + 1, out);
        }
      } else if (node.is_array()) {
        for (int64_t i : segment.indexes) {
          auto position = ResolveIndex(i, node.get_array().size());
          if (position) CollectFrom(node.get_array()[*position], index + 1, out);
        }
      }
      return;
    case SegmentKind::kSlice: {
      if (!node.is_array()) return;
      const auto& array = node.get_array();
      int64_t size = static_cast<int64_t>(array.size());
      int64_t step = segment.slice_step;
      auto clamp = [&](std::optional<int64_t> v, int64_t fallback) {
        if (!v) return fallback;
        int64_t x = *v < 0 ? *v + size : *v;
        return std::clamp<int64_t>(x, step > 0 ? 0 : -1, step > 0 ? size : size - 1);
      };
      if (step > 0) {
        for (int64_t i = clamp(segment.slice_start, 0), end = clamp(segment.slice_end, size); i < end; i += step) {
          CollectFrom(array[static_cast<size_t>(i)], index + 1, out);
        }
      } else {
        for (int64_t i = clamp(segment.slice_start, size - 1), end = clamp(segment.slice_end, -1); i > end; i += step) {
          CollectFrom(array[static_cast<size_t>(i)], index + 1, out);
        }
      }
      return;
    }
    case SegmentKind::kFilter:
      // A filter applies to the elements of an array (or the members of an object).
      if (node.is_array()) {
        for (const auto& element : node.get_array()) {
          if (segment.filter->Matches(element, element)) CollectFrom(element, index + 1, out);
        }
      } else if (node.is_object()) {
        for (const auto& member : node.get_object()) {
          if (segment.filter->Matches(member.value(), member.value())) CollectFrom(member.value(), index + 1, out);
        }
      }
      return;
    case SegmentKind::kDeepName:
    case SegmentKind::kDeepWildcard: {
      // Visit `node` and every descendant; at each, apply this segment as a one-step selector.
      std::vector<const json::value*> stack{&node};
      std::vector<const json::value*> order;
      while (!stack.empty()) {
        const json::value* current = stack.back();
        stack.pop_back();
        order.push_back(current);
        if (current->is_object()) {
          const auto& object = current->get_object();
          for (auto it = object.end(); it != object.begin();) {
            --it;
            stack.push_back(&it->value());
          }
        } else if (current->is_array()) {
          const auto& array = current->get_array();
          for (size_t i = array.size(); i-- > 0;) stack.push_back(&array[i]);
        }
      }
      for (const json::value* current : order) {
        if (segment.kind == SegmentKind::kDeepName) {
          if (current->is_object()) {
            auto it = current->get_object().find(segment.name);
            if (it != current->get_object().end()) CollectFrom(it->value(), index + 1, out);
          }
        } else {
          if (current->is_object()) {
            for (const auto& member : current->get_object()) CollectFrom(member.value(), index + 1, out);
          } else if (current->is_array()) {
            for (const auto& element : current->get_array()) CollectFrom(element, index + 1, out);
          }
        }
      }
      return;
    }
  }
}

std::optional<json::value> JsonPath::Select(const json::value& root) const {
  if (definite_) {
    const json::value* node = Find(root);
    if (!node) return std::nullopt;
    return *node;
  }
  std::vector<const json::value*> matches;
  CollectFrom(root, 0, matches);
  json::array result;
  result.reserve(matches.size());
  for (const json::value* match : matches) result.push_back(*match);
  return json::value(std::move(result));
}

namespace {

const json::value* RootFor(const JsonPath& path, const json::value& input, PathScope& scope) {
  switch (path.root()) {
    case PathRoot::kInput: return &input;
    case PathRoot::kContext: return &scope.Context();
    case PathRoot::kVariable: return scope.Variable(path.variable());
  }
  return nullptr;
}

}  // namespace

std::optional<json::value> JsonPath::Evaluate(const json::value& input, PathScope& scope) const {
  const json::value* root = RootFor(*this, input, scope);
  if (!root) return std::nullopt;
  return Select(*root);
}

const json::value* JsonPath::Lookup(const json::value& input, PathScope& scope) const {
  const json::value* root = RootFor(*this, input, scope);
  if (!root) return nullptr;
  return Find(*root);
}

Status JsonPath::Assign(json::value& root, json::value value) const {
  if (segments_.empty()) {
    root = std::move(value);
    return Status::Ok();
  }
  json::value* node = &root;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& segment = segments_[i];
    bool last = i + 1 == segments_.size();
    if (segment.kind == SegmentKind::kName) {
      if (!node->is_object()) {
        return FailedPrecondition(
            fmt::format("Unable to apply ResultPath \"{}\": \"{}\" is not an object", text_, segment.name));
      }
      auto& object = node->get_object();
      if (last) {
        object[segment.name] = std::move(value);
        return Status::Ok();
      }
      auto it = object.find(segment.name);
      if (it == object.end()) {
        node = &object.emplace(segment.name, json::object()).first->value();
      } else {
        node = &it->value();
      }
    } else if (segment.kind == SegmentKind::kIndex) {
      if (!node->is_array()) {
        return FailedPrecondition(fmt::format("Unable to apply ResultPath \"{}\": not an array", text_));
      }
      auto& array = node->get_array();
      auto position = ResolveIndex(segment.index, array.size());
      if (!position) {
        return FailedPrecondition(
            fmt::format("Unable to apply ResultPath \"{}\": index {} is out of range", text_, segment.index));
      }
      if (last) {
        array[*position] = std::move(value);
        return Status::Ok();
      }
      node = &array[*position];
    } else {
      return FailedPrecondition(fmt::format("ResultPath \"{}\" is not a reference path", text_));
    }
  }
  return Status::Ok();
}

}  // namespace sluice::states
