// JSONPath as the Amazon States Language uses it: compiled once when a definition is parsed,
// evaluated many times against state data without copying it.
//
//   $.a.b   $['a b'][0]   $.items[*].id   $..name   $.a[1:3]   $.a[0,2]   $.a[?(@.n > 1)]
//   $$.Execution.Id        (the context object)
//   $myVariable.field      (a workflow variable, set by Assign)
//
// A path is *definite* when it can select at most one node (names and indexes only); such a path
// is a "reference path" in ASL terms (ResultPath, Variable, ...Path fields). Indefinite paths
// (wildcards, deep scan, slices, unions, filters) select a list of nodes and produce an array.
//
// Thread safety: a JsonPath is immutable after Parse and may be evaluated from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "common/status.h"

namespace sluice::states {

namespace detail {
class PathParser;
}

enum class PathRoot : uint8_t {
  kInput,     // $
  kContext,   // $$
  kVariable,  // $name
};

// Where a path finds its root documents. `context` is built on demand (most paths never touch
// it); `variable` returns nullptr for an unknown variable.
class PathScope {
 public:
  virtual ~PathScope() = default;
  virtual const boost::json::value& Context() = 0;
  virtual const boost::json::value* Variable(std::string_view name) = 0;
};

class JsonPath {
 public:
  struct Segment;
  struct Filter;

  JsonPath();
  ~JsonPath();
  JsonPath(const JsonPath&);
  JsonPath& operator=(const JsonPath&);
  JsonPath(JsonPath&&) noexcept;
  JsonPath& operator=(JsonPath&&) noexcept;

  // Compiles `text`. InvalidArgument with a message naming the problem when it is not a path.
  static Result<JsonPath> Parse(std::string_view text);

  const std::string& text() const { return text_; }
  PathRoot root() const { return root_; }
  // The variable name for kVariable roots.
  const std::string& variable() const { return variable_; }
  // True when the path selects at most one node (names and indexes only).
  bool definite() const { return definite_; }
  // True for "$" alone (no segments).
  bool is_root() const { return segments_.empty(); }
  // Jayway's normalized form, as AWS quotes it in error causes: "$['a']['b'][0]".
  std::string NormalizedText() const;

  // Definite paths: the node selected under `root`, or nullptr when it does not exist.
  // REQUIRES: definite().
  const boost::json::value* Find(const boost::json::value& root) const;
  // Any path: the selected value (indefinite paths give an array of every match, possibly
  // empty); nullopt when a definite path selects nothing.
  std::optional<boost::json::value> Select(const boost::json::value& root) const;

  // Resolves the root (input, context object or variable) through `scope`, then selects.
  // nullopt when the path selects nothing (or names an unknown variable).
  std::optional<boost::json::value> Evaluate(const boost::json::value& input, PathScope& scope) const;
  // Like Evaluate for definite paths, without copying. nullptr when absent.
  const boost::json::value* Lookup(const boost::json::value& input, PathScope& scope) const;

  // Writes `value` at this path inside `root` (ResultPath semantics): "$" replaces the root;
  // missing object members along the way are created. ResultPathMatchFailure-worthy problems
  // (a step into a non-object, an index out of range) come back as FailedPrecondition with a
  // message. REQUIRES: definite() and root() == kInput.
  Status Assign(boost::json::value& root, boost::json::value value) const;

 private:
  friend class detail::PathParser;
  void CollectFrom(const boost::json::value& node, size_t index, std::vector<const boost::json::value*>& out) const;

  std::string text_;
  PathRoot root_ = PathRoot::kInput;
  std::string variable_;
  bool definite_ = true;
  std::vector<Segment> segments_;
};

// True when `text` looks like a path (starts with '$'); used to tell paths from literals.
inline bool LooksLikePath(std::string_view text) { return !text.empty() && text.front() == '$'; }

}  // namespace sluice::states
