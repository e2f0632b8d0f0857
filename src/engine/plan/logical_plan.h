// The logical plan: what a query computes, as a tree of nodes whose output schemas are derived
// and checked when each node is made (Make returns InvalidArgument naming the node and the
// field: "Join: left key customer_id (string) cannot be compared with right key id (bigint)").
// Glue visual jobs and a SQL front end both compile to this; plan_builder.h is the friendly way
// to make one; physical_planner.h turns it into pipelines.
//
// Nodes keep the expressions as written (to print them and to rebuild a node over a narrower
// input) and their bound forms (to run them).
//
// Thread safety: immutable once made; share freely through PlanPtr.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "engine/expr/bound_expression.h"
#include "engine/expr/expression.h"
#include "engine/functions/aggregate_function.h"
#include "engine/plan/data_source.h"
#include "engine/plan/write_target.h"
#include "formats/batch_stream.h"

namespace sluice::engine {

// Never renumber: plans are printed and compared by kind.
enum class PlanKind { kScan, kFilter, kProject, kJoin, kAggregate, kUnion, kSort, kLimit, kWrite };

class PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

class PlanNode {
 public:
  virtual ~PlanNode() = default;
  PlanKind kind() const { return kind_; }
  const columnar::SchemaPtr& schema() const { return schema_; }
  const std::vector<PlanPtr>& inputs() const { return inputs_; }
  const PlanPtr& input(size_t i = 0) const { return inputs_[i]; }
  // One line about this node alone: "Filter (amount > 100)".
  virtual std::string Describe() const = 0;
  // The tree, one node per line, children indented.
  std::string ToString() const;

 protected:
  PlanNode(PlanKind kind, columnar::SchemaPtr schema, std::vector<PlanPtr> inputs)
      : kind_(kind), schema_(std::move(schema)), inputs_(std::move(inputs)) {}

 private:
  PlanKind kind_;
  columnar::SchemaPtr schema_;
  std::vector<PlanPtr> inputs_;
};

struct NamedExpr {
  ExprPtr expr;
  std::string name;
};

// Reads a data source: some of its columns, optionally only rows passing `filter` (whose
// simple conjuncts — column op constant — also go to the reader as a pushdown predicate).
class ScanNode final : public PlanNode {
 public:
  // `columns`: positions in the source's schema (empty: all). `filter` may be null.
  static Result<PlanPtr> Make(DataSourcePtr source, std::vector<size_t> columns = {}, ExprPtr filter = nullptr);
  std::string Describe() const override;
  const DataSourcePtr& source() const { return source_; }
  const std::vector<size_t>& columns() const { return columns_; }
  const ExprPtr& filter() const { return filter_; }
  const BoundExprPtr& bound_filter() const { return bound_filter_; }
  const formats::PushdownPredicate& pushdown() const { return pushdown_; }

 private:
  using PlanNode::PlanNode;
  DataSourcePtr source_;
  std::vector<size_t> columns_;
  ExprPtr filter_;
  BoundExprPtr bound_filter_;
  formats::PushdownPredicate pushdown_;
};

// Keeps the rows where `predicate` is TRUE.
class FilterNode final : public PlanNode {
 public:
  static Result<PlanPtr> Make(PlanPtr input, ExprPtr predicate);
  std::string Describe() const override;
  const ExprPtr& predicate() const { return predicate_; }
  const BoundExprPtr& bound() const { return bound_; }

 private:
  using PlanNode::PlanNode;
  ExprPtr predicate_;
  BoundExprPtr bound_;
};

// Computes named expressions over each row (select, rename, derive, cast).
class ProjectNode final : public PlanNode {
 public:
  static Result<PlanPtr> Make(PlanPtr input, std::vector<NamedExpr> exprs);
  std::string Describe() const override;
  const std::vector<NamedExpr>& exprs() const { return exprs_; }
  const std::vector<BoundExprPtr>& bound() const { return bound_; }

 private:
  using PlanNode::PlanNode;
  std::vector<NamedExpr> exprs_;
  std::vector<BoundExprPtr> bound_;
};

enum class JoinType { kInner, kLeft, kRight, kFull, kSemi, kAnti };
const char* JoinTypeName(JoinType type);

// An equi-join: rows match when every left key equals its right key (NULL keys never match).
// Output: the left columns, then the right ones (semi and anti joins: the left ones only);
// the side an outer join did not match is NULL.
class JoinNode final : public PlanNode {
 public:
  static Result<PlanPtr> Make(PlanPtr left, PlanPtr right, JoinType type, std::vector<ExprPtr> left_keys,
                              std::vector<ExprPtr> right_keys);
  std::string Describe() const override;
  JoinType type() const { return type_; }
  const std::vector<ExprPtr>& left_keys() const { return left_keys_; }
  const std::vector<ExprPtr>& right_keys() const { return right_keys_; }
  // Bound keys, both sides cast to a common type.
  const std::vector<BoundExprPtr>& bound_left_keys() const { return bound_left_; }
  const std::vector<BoundExprPtr>& bound_right_keys() const { return bound_right_; }

 private:
  using PlanNode::PlanNode;
  JoinType type_ = JoinType::kInner;
  std::vector<ExprPtr> left_keys_, right_keys_;
  std::vector<BoundExprPtr> bound_left_, bound_right_;
};

struct AggregateCall {
  std::string function;   // "sum", "count", "count_distinct", ...
  ExprPtr argument;       // null for count(*)
  std::string name;       // output column name
};

// Groups rows by the keys and computes the aggregates per group. Output: the keys, then the
// aggregates. Without keys there is exactly one output row, even for no input.
class AggregateNode final : public PlanNode {
 public:
  static Result<PlanPtr> Make(PlanPtr input, std::vector<NamedExpr> keys, std::vector<AggregateCall> aggregates);
  std::string Describe() const override;
  const std::vector<NamedExpr>& keys() const { return keys_; }
  const std::vector<AggregateCall>& aggregates() const { return aggregates_; }
  const std::vector<BoundExprPtr>& bound_keys() const { return bound_keys_; }
  // Per aggregate: its bound argument (null for count(*)), already cast to the input type.
  const std::vector<BoundExprPtr>& bound_arguments() const { return bound_arguments_; }
  const std::vector<BoundAggregate>& bound_aggregates() const { return bound_aggregates_; }

 private:
  using PlanNode::PlanNode;
  std::vector<NamedExpr> keys_;
  std::vector<AggregateCall> aggregates_;
  std::vector<BoundExprPtr> bound_keys_;
  std::vector<BoundExprPtr> bound_arguments_;
  std::vector<BoundAggregate> bound_aggregates_;
};

// UNION ALL by position: every input must have the first input's column types (the builder
// inserts casts); names come from the first input.
class UnionNode final : public PlanNode {
 public:
  static Result<PlanPtr> Make(std::vector<PlanPtr> inputs);
  std::string Describe() const override;

 private:
  using PlanNode::PlanNode;
};

struct SortKey {
  ExprPtr expr;
  bool ascending = true;
  // Spark's default: NULLs first ascending, last descending.
  bool nulls_first = true;
};

// Orders rows by the keys (stable: ties keep input order). With a limit, only the first
// `limit` rows are kept (top-N), which needs memory for those rows only.
class SortNode final : public PlanNode {
 public:
  static Result<PlanPtr> Make(PlanPtr input, std::vector<SortKey> keys, int64_t limit = -1);
  std::string Describe() const override;
  const std::vector<SortKey>& keys() const { return keys_; }
  const std::vector<BoundExprPtr>& bound() const { return bound_; }
  int64_t limit() const { return limit_; }

 private:
  using PlanNode::PlanNode;
  std::vector<SortKey> keys_;
  std::vector<BoundExprPtr> bound_;
  int64_t limit_ = -1;
};

// Skips `offset` rows, then keeps up to `count` rows, in input order.
class LimitNode final : public PlanNode {
 public:
  static Result<PlanPtr> Make(PlanPtr input, int64_t count, int64_t offset = 0);
  std::string Describe() const override;
  int64_t count() const { return count_; }
  int64_t offset() const { return offset_; }

 private:
  using PlanNode::PlanNode;
  int64_t count_ = 0;
  int64_t offset_ = 0;
};

// Writes the input through a WriteTarget (one file, or Hive-partitioned folders). Output: one
// row per file written (WriteTarget::ResultSchema()).
class WriteNode final : public PlanNode {
 public:
  static Result<PlanPtr> Make(PlanPtr input, WriteTargetPtr target);
  std::string Describe() const override;
  const WriteTargetPtr& target() const { return target_; }

 private:
  using PlanNode::PlanNode;
  WriteTargetPtr target_;
};

// Downcast by kind. REQUIRES: node.kind() matches T.
template <typename T>
const T& As(const PlanNode& node) {
  return static_cast<const T&>(node);
}

}  // namespace sluice::engine
