// Payload templates: the JSON of Parameters, ResultSelector, ItemSelector and Assign, where a
// member whose name ends in ".$" takes its value from a path or an intrinsic function:
//   {"bucket": "raw", "key.$": "$.file", "count.$": "States.ArrayLength($.items)"}
// Compiled once (paths and calls parsed, static parts kept as ready-made JSON) and evaluated per
// state run into a fresh value.
//
// Thread safety: immutable after Compile; Evaluate may run concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/asl/diagnostics.h"
#include "states/jsonpath/json_path.h"

namespace sluice::states {

class PayloadTemplate {
 public:
  struct Node;

  PayloadTemplate();
  ~PayloadTemplate();
  PayloadTemplate(PayloadTemplate&&) noexcept;
  PayloadTemplate& operator=(PayloadTemplate&&) noexcept;

  // Compiles `spec`; problems go to `diagnostics` at `location` ("/States/A/Parameters").
  static PayloadTemplate Compile(const boost::json::value& spec, const std::string& location, Diagnostics& diagnostics);

  // The payload for `input`. A state error on failure: States.Runtime when a path selects
  // nothing, States.IntrinsicFailure from a function.
  Result<boost::json::value> Evaluate(const boost::json::value& input, PathScope& scope) const;

  // True when nothing in the template depends on the input.
  bool is_static() const;
  // True when any path or function in the template reads the context object ($$).
  bool uses_context() const { return uses_context_; }

 private:
  std::unique_ptr<Node> root_;
  bool uses_context_ = false;
};

}  // namespace sluice::states
