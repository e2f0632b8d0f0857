// S3 target exclusion patterns (S3Target.Exclusions), matched against an object's key relative
// to the include path, as Glue defines them: '/' separates levels, '*' matches within one level,
// '**' across levels, '?' one character, [abc] [a-z] [!a-c] bracket sets, {a,b} alternatives,
// '\' escapes. "*.csv" excludes CSV files at the top level only, "**.csv" at any depth,
// "departments/**" a whole folder. Patterns are compiled to RE2.
//
// Thread safety: immutable after Compile; Matches may be called concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace re2 {
class RE2;
}

namespace sluice::crawler {

class ExclusionGlob {
 public:
  // InvalidArgument for an unbalanced [ or {.
  static Result<ExclusionGlob> Compile(std::string_view pattern);

  bool Matches(std::string_view relative_key) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::shared_ptr<const re2::RE2> regex_;
};

// The RE2 expression a glob becomes (exposed for tests).
Result<std::string> GlobToRegex(std::string_view pattern);

}  // namespace sluice::crawler
