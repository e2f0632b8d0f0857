// Parsing of intrinsic function calls: see intrinsic_function.h.
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "common/json.h"
#include "states/intrinsics/intrinsic_function.h"

namespace sluice::states {

namespace {

struct FunctionSpec {
  std::string_view name;
  IntrinsicKind kind;
  size_t min_args;
  size_t max_args;
};

constexpr size_t kMany = 1000;

constexpr std::array<FunctionSpec, 18> kFunctions = {{
    {"States.Format", IntrinsicKind::kFormat, 1, kMany},
    {"States.StringToJson", IntrinsicKind::kStringToJson, 1, 1},
    {"States.JsonToString", IntrinsicKind::kJsonToString, 1, 1},
    {"States.Array", IntrinsicKind::kArray, 0, kMany},
    {"States.ArrayPartition", IntrinsicKind::kArrayPartition, 2, 2},
    {"States.ArrayContains", IntrinsicKind::kArrayContains, 2, 2},
    {"States.ArrayRange", IntrinsicKind::kArrayRange, 3, 3},
    {"States.ArrayGetItem", IntrinsicKind::kArrayGetItem, 2, 2},
    {"States.ArrayLength", IntrinsicKind::kArrayLength, 1, 1},
    {"States.ArrayUnique", IntrinsicKind::kArrayUnique, 1, 1},
    {"States.Base64Encode", IntrinsicKind::kBase64Encode, 1, 1},
    {"States.Base64Decode", IntrinsicKind::kBase64Decode, 1, 1},
    {"States.Hash", IntrinsicKind::kHash, 2, 2},
    {"States.JsonMerge", IntrinsicKind::kJsonMerge, 3, 3},
    {"States.MathRandom", IntrinsicKind::kMathRandom, 2, 3},
    {"States.MathAdd", IntrinsicKind::kMathAdd, 2, 2},
    {"States.StringSplit", IntrinsicKind::kStringSplit, 2, 2},
    {"States.UUID", IntrinsicKind::kUuid, 0, 0},
}};

constexpr int kMaxNesting = 16;

}  // namespace

class IntrinsicParser {
 public:
  explicit IntrinsicParser(std::string_view text) : text_(text) {}

  Result<IntrinsicCall> ParseTop() {
    ASSIGN_OR_RETURN(IntrinsicCall call, ParseCall(0));
    SkipSpaces();
    if (pos_ != text_.size()) return Fail("unexpected text after the closing parenthesis");
    return call;
  }

 private:
  Status Fail(std::string_view what) const {
    return InvalidArgument(fmt::format("invalid intrinsic function '{}': {}", text_, what));
  }
  void SkipSpaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  Result<IntrinsicCall> ParseCall(int depth) {
    if (depth > kMaxNesting) return Fail("functions nested too deeply");
    SkipSpaces();
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
      ++pos_;
    }
    std::string_view name = text_.substr(start, pos_ - start);
    const FunctionSpec* spec = nullptr;
    for (const auto& candidate : kFunctions) {
      if (candidate.name == name) spec = &candidate;
    }
    if (!spec) return Fail(fmt::format("unknown function '{}'", name));
    SkipSpaces();
    if (Peek() != '(') return Fail("expected '(' after the function name");
    ++pos_;
    IntrinsicCall call;
    call.name_ = std::string(name);
    call.kind_ = spec->kind;
    SkipSpaces();
    if (Peek() == ')') {
      ++pos_;
    } else {
      while (true) {
        ASSIGN_OR_RETURN(IntrinsicArgument argument, ParseArgument(depth));
        call.arguments_.push_back(std::move(argument));
        SkipSpaces();
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        if (Peek() == ')') {
          ++pos_;
          break;
        }
        return Fail("expected ',' or ')' between arguments");
      }
    }
    if (call.arguments_.size() < spec->min_args || call.arguments_.size() > spec->max_args) {
      if (spec->min_args == spec->max_args) {
        return Fail(fmt::format("{} takes {} argument(s), got {}", name, spec->min_args, call.arguments_.size()));
      }
      return Fail(fmt::format("{} takes {} to {} arguments, got {}", name, spec->min_args,
                              spec->max_args == kMany ? std::string("any number of") : std::to_string(spec->max_args),
                              call.arguments_.size()));
    }
    call.text_ = std::string(text_.substr(start, pos_ - start));
    return call;
  }

  Result<IntrinsicArgument> ParseArgument(int depth) {
    SkipSpaces();
    IntrinsicArgument argument;
    char c = Peek();
    if (c == '\'') {
      ++pos_;
      std::string raw;
      std::string value;
      while (pos_ < text_.size() && text_[pos_] != '\'') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
          char escaped = text_[pos_ + 1];
          raw += text_[pos_];
          raw += escaped;
          value += escaped;
          pos_ += 2;
          continue;
        }
        raw += text_[pos_];
        value += text_[pos_];
        ++pos_;
      }
      if (pos_ >= text_.size()) return Fail("unterminated string literal");
      ++pos_;
      argument.value = IntrinsicArgument::Literal{boost::json::value(value), std::move(raw)};
      return argument;
    }
    if (c == '$') {
      // A path runs to the ',' or ')' that ends the argument, outside brackets and quotes.
      size_t start = pos_;
      int brackets = 0;
      char quote = 0;
      while (pos_ < text_.size()) {
        char d = text_[pos_];
        if (quote) {
          if (d == quote) quote = 0;
        } else if (d == '\'' || d == '"') {
          quote = d;
        } else if (d == '[' || d == '(') {
          ++brackets;
        } else if (d == ']' || (d == ')' && brackets > 0)) {
          --brackets;
        } else if (brackets == 0 && (d == ',' || d == ')')) {
          break;
        }
        ++pos_;
      }
      std::string_view path_text = text_.substr(start, pos_ - start);
      while (!path_text.empty() && std::isspace(static_cast<unsigned char>(path_text.back()))) path_text.remove_suffix(1);
      auto path = JsonPath::Parse(path_text);
      if (!path.ok()) return Fail(path.status().message());
      argument.value = std::move(*path);
      return argument;
    }
    if (text_.substr(pos_).starts_with("States.")) {
      ASSIGN_OR_RETURN(IntrinsicCall nested, ParseCall(depth + 1));
      argument.value = std::make_shared<const IntrinsicCall>(std::move(nested));
      return argument;
    }
    // A number or true/false/null.
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != ')') ++pos_;
    std::string_view literal = text_.substr(start, pos_ - start);
    while (!literal.empty() && std::isspace(static_cast<unsigned char>(literal.back()))) literal.remove_suffix(1);
    auto parsed = ParseJson(literal);
    if (!parsed.ok() || parsed->is_object() || parsed->is_array() || parsed->is_string() || literal.empty()) {
      return Fail(fmt::format("'{}' is not a valid argument", literal));
    }
    argument.value = IntrinsicArgument::Literal{std::move(*parsed), std::string(literal)};
    return argument;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

Result<IntrinsicCall> IntrinsicCall::Parse(std::string_view text) {
  IntrinsicParser parser(text);
  return parser.ParseTop();
}

}  // namespace sluice::states
