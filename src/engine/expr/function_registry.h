// The registry of scalar and aggregate functions, by name (case-insensitive, with aliases).
// A scalar function is a resolver: given its arguments' types (and their values when they are
// constants), it checks them and returns a Kernel — the output type, the types the binder must
// cast the arguments to first (implicit coercion), and the code that runs a batch at a time.
// Resolving once per plan keeps per-batch work to one call per expression node.
//
// Functions are registered by group (functions/<group>.cc, listed in functions/function_list.cc);
// docs sit beside each registration and are listed by `Functions()`.
//
// Thread safety: built once (Default()), then read-only and shared by all threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/scalar.h"
#include "columnar/type.h"
#include "common/status.h"
#include "engine/expr/datum.h"

namespace sluice::engine {

class AggregateFunction;

// What a resolver knows about one argument at plan time.
struct ArgumentInfo {
  columnar::TypePtr type;
  // The value when the argument is a constant (after folding); null otherwise.
  const columnar::Scalar* constant = nullptr;
};

// Runs a function over a batch: `args` hold one datum per argument (already cast to the
// kernel's input types), `rows` is the batch length. At least one argument is a column unless
// the plan is being folded (then rows == 1). Returns a column of `rows` values or a scalar.
using KernelFunction = std::function<Result<Datum>(const std::vector<Datum>& args, int64_t rows)>;

struct Kernel {
  columnar::TypePtr output_type;
  // Types to cast each argument to before the kernel runs; empty means "as they are".
  std::vector<columnar::TypePtr> input_types;
  KernelFunction run;
  // True when the kernel can fail on some values (overflow, unparseable text). CASE, AND and
  // OR then run it only on the rows that reach it; otherwise they may run it on every row.
  bool may_fail = false;
};

// Checks the argument types and picks the kernel, or InvalidArgument saying what was expected.
using Resolver = std::function<Result<Kernel>(const std::vector<ArgumentInfo>& args)>;

struct ScalarFunction {
  std::string name;
  // One line: the signature and what it returns, e.g. "lower(string) -> string: ...".
  std::string doc;
  Resolver resolve;
};

class FunctionRegistry {
 public:
  FunctionRegistry();
  ~FunctionRegistry();
  // The registry holding every built-in function. Built on first use; thread-safe.
  static const FunctionRegistry& Default();

  // REQUIRES: the name (lower case) is not yet registered.
  void AddScalar(ScalarFunction function);
  void AddAggregate(std::shared_ptr<const AggregateFunction> function);
  // Another name for a registered scalar or aggregate function.
  void AddAlias(std::string alias, std::string name);

  // The function of this name (any case, aliases followed), or null.
  const ScalarFunction* FindScalar(std::string_view name) const;
  const AggregateFunction* FindAggregate(std::string_view name) const;
  // All scalar functions, sorted by name (for docs and error hints).
  std::vector<const ScalarFunction*> ScalarFunctions() const;
  std::vector<const AggregateFunction*> AggregateFunctions() const;

 private:
  std::string Canonical(std::string_view name) const;
  std::map<std::string, ScalarFunction> scalars_;
  std::map<std::string, std::shared_ptr<const AggregateFunction>> aggregates_;
  std::map<std::string, std::string> aliases_;
};

// Registers every built-in function group (functions/function_list.cc).
void RegisterBuiltinFunctions(FunctionRegistry& registry);

}  // namespace sluice::engine
