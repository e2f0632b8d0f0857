// The JsonPath subset of Glue's custom JSON classifiers: $ followed by steps .name, ['name'],
// [n] and [*] (e.g. "$[*]" makes each element of a top-level array a record,
// "$.Records[*]" each element of the Records member). Selecting yields the values reached.
//
// Thread safety: a parsed path is immutable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "common/status.h"

namespace sluice::crawler {

class JsonPath {
 public:
  // InvalidArgument naming the problem for anything outside the subset.
  static Result<JsonPath> Parse(std::string_view text);

  // Appends to `out` the values `root` reaches along the path.
  void Select(simdjson::dom::element root, std::vector<simdjson::dom::element>* out) const;

  const std::string& text() const { return text_; }

 private:
  struct Step {
    enum class Kind { kMember, kIndex, kWildcard } kind;
    std::string name;
    size_t index = 0;
  };
  void SelectFrom(simdjson::dom::element value, size_t step, std::vector<simdjson::dom::element>* out) const;

  std::string text_;
  std::vector<Step> steps_;
};

}  // namespace sluice::crawler
