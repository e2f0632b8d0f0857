// Aggregate functions (count, sum, avg, min, max, first, last, count distinct, variance ...):
// how the hash aggregate operator computes one aggregate for many groups at once. Per-group
// state lives in typed arrays indexed by group id, so an update is one tight loop per batch
// (`sum[group[i]] += value[i]`); per-thread states are merged at the end.
//
// Thread safety: AggregateFunction and BoundAggregate are immutable and shared; an
// AggregateState belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "columnar/column.h"
#include "columnar/type.h"
#include "common/status.h"

namespace sluice::engine {

// The per-group state of one aggregate.
class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Makes room for groups [0, groups); new groups start empty.
  virtual void Resize(int64_t groups) = 0;
  // Adds `rows` input rows: row i belongs to group groups[i] and has value arg[i] (arg is null
  // for count(*)). Row i's position in the input order is base_position + i (first/last use
  // it; positions grow with the input order). Errors: overflow of an exact sum.
  virtual Status Update(const columnar::Column* arg, const uint32_t* groups, int64_t rows, int64_t base_position) = 0;
  // Folds `other` (a state of the same aggregate) into this one: its group g becomes mapping[g].
  virtual Status Merge(AggregateState& other, const uint32_t* mapping) = 0;
  // The result of every group, in group order. The state is spent afterwards.
  virtual Result<columnar::ColumnPtr> Finish(int64_t groups) = 0;
};

// An aggregate checked against its argument type.
struct BoundAggregate {
  columnar::TypePtr output_type;
  // The type the argument is cast to first (null: as it is).
  columnar::TypePtr input_type;
  std::function<std::unique_ptr<AggregateState>()> make_state;
};

class AggregateFunction {
 public:
  AggregateFunction(std::string name, std::string doc) : name_(std::move(name)), doc_(std::move(doc)) {}
  virtual ~AggregateFunction() = default;
  const std::string& name() const { return name_; }
  const std::string& doc() const { return doc_; }
  // Whether the function can run without an argument (count(*)).
  virtual bool allows_no_argument() const { return false; }
  // Checks the argument type (null for no argument) and picks the implementation, or
  // InvalidArgument naming the function and the type.
  virtual Result<BoundAggregate> Bind(const columnar::TypePtr& argument) const = 0;

 private:
  std::string name_;
  std::string doc_;
};

}  // namespace sluice::engine
