// Grok patterns for custom Grok classifiers: %{PATTERN}, %{PATTERN:field} and
// %{PATTERN:field:type} expanded (recursively, from the classifier's CustomPatterns, one
// "NAME regex" per line, then from the built-in library) into one RE2 expression that must
// match a whole line. Each named field becomes a column; its type is the optional third part
// (byte, boolean, double, short, int, long, float, string, date, timestamp → Hive types),
// string by default.
//
// Thread safety: a compiled pattern is immutable; Match may be called concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace re2 {
class RE2;
}

namespace sluice::crawler {

class GrokPattern {
 public:
  struct Field {
    std::string name;
    std::string hive_type;
  };

  // InvalidArgument naming the problem: an unknown pattern name, a cycle, an unknown type, a
  // field named twice, or a regular expression RE2 cannot compile.
  static Result<GrokPattern> Compile(std::string_view pattern, std::string_view custom_patterns);

  const std::vector<Field>& fields() const { return fields_; }
  const std::string& regex() const { return regex_text_; }

  // True when the whole line matches; `values` then holds one value per field (empty for a
  // field that did not participate), as views into `line`.
  bool Match(std::string_view line, std::vector<std::string_view>* values) const;

 private:
  std::vector<Field> fields_;
  std::vector<int> field_groups_;  // capture group index of each field
  std::string regex_text_;
  std::shared_ptr<const re2::RE2> regex_;
};

}  // namespace sluice::crawler
