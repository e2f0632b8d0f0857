// Intrinsic functions of the Amazon States Language ("States.Format('{} items', $.n)"):
// parsed and checked (names, argument counts, literal types) when a definition is compiled,
// evaluated against state data when a state runs.
//
// Failures while evaluating come back as state errors (state_error.h): States.IntrinsicFailure
// for bad argument values, States.Runtime for a path that selects nothing.
//
// Thread safety: an IntrinsicCall is immutable after Parse and may be evaluated concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/jsonpath/json_path.h"

namespace sluice::states {

class IntrinsicCall;

// One argument: a literal, a path, or a nested call.
struct IntrinsicArgument {
  struct Literal {
    boost::json::value value;
    std::string raw;  // string literals as written, escapes kept (States.Format needs "\{")
  };
  std::variant<Literal, JsonPath, std::shared_ptr<const IntrinsicCall>> value;
};

// The functions, in the order AWS documents them.
enum class IntrinsicKind {
  kFormat,
  kStringToJson,
  kJsonToString,
  kArray,
  kArrayPartition,
  kArrayContains,
  kArrayRange,
  kArrayGetItem,
  kArrayLength,
  kArrayUnique,
  kBase64Encode,
  kBase64Decode,
  kHash,
  kJsonMerge,
  kMathRandom,
  kMathAdd,
  kStringSplit,
  kUuid,
};

class IntrinsicCall {
 public:
  // Parses "States.Name(args...)". InvalidArgument naming the problem (unknown function, wrong
  // argument count, malformed literal or path) otherwise.
  static Result<IntrinsicCall> Parse(std::string_view text);

  // Evaluates against the state's input (for "$" paths) and `scope` (context object,
  // variables). A state error on failure.
  Result<boost::json::value> Evaluate(const boost::json::value& input, PathScope& scope) const;

  const std::string& text() const { return text_; }
  const std::string& name() const { return name_; }
  IntrinsicKind kind() const { return kind_; }
  const std::vector<IntrinsicArgument>& arguments() const { return arguments_; }

 private:
  friend class IntrinsicParser;
  std::string text_;
  std::string name_;
  IntrinsicKind kind_ = IntrinsicKind::kFormat;
  std::vector<IntrinsicArgument> arguments_;
};

// True when `text` is an intrinsic function call ("States." prefix).
inline bool LooksLikeIntrinsic(std::string_view text) { return text.starts_with("States."); }

}  // namespace sluice::states
