// SQL LIKE patterns: '%' matches any run of characters, '_' exactly one character (UTF-8 code
// point), and the escape character (default '\') makes the next character literal. Common
// shapes ('abc', 'abc%', '%abc', '%abc%') are recognised and matched with plain string
// operations; the rest with a linear-time wildcard matcher.
//
// Thread safety: immutable after Compile; Matches may be called from many threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sluice::engine {

class LikePattern {
 public:
  // InvalidArgument when the pattern ends with a lone escape character.
  static Result<LikePattern> Compile(std::string_view pattern, char escape = '\\', bool case_insensitive = false);
  bool Matches(std::string_view text) const;

 private:
  enum class Shape { kExact, kPrefix, kSuffix, kContains, kGeneral };
  struct Token {
    enum Kind { kLiteral, kAnyOne, kAnyMany } kind;
    std::string literal;
  };
  bool MatchesGeneral(std::string_view text) const;
  Shape shape_ = Shape::kGeneral;
  std::string literal_;  // for the simple shapes
  std::vector<Token> tokens_;
  bool case_insensitive_ = false;
};

}  // namespace sluice::engine
