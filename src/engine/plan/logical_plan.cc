// Logical plan nodes: see logical_plan.h.
#include "engine/plan/logical_plan.h"

#include <set>

#include <fmt/format.h>

#include "engine/expr/binder.h"
#include "engine/expr/type_coercion.h"

namespace sluice::engine {

using columnar::DataType;
using columnar::Field;
using columnar::MakeSchema;
using columnar::Schema;
using columnar::SchemaPtr;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

// Prefixes a failure with the node it is about.
Status AtNode(const Status& status, std::string_view node) { return status.WithContext(node); }

Status CheckUniqueNames(const std::vector<Field>& fields, std::string_view node) {
  std::set<std::string> seen;
  for (const auto& field : fields) {
    if (field.name.empty()) return InvalidArgument(fmt::format("{}: an output column has no name", node));
    if (!seen.insert(field.name).second) {
      return InvalidArgument(fmt::format("{}: output column '{}' appears more than once", node, field.name));
    }
  }
  return Status::Ok();
}

Result<BoundExprPtr> BindPredicate(const ExprPtr& predicate, const Schema& schema) {
  ASSIGN_OR_RETURN(BoundExprPtr bound, Bind(predicate, schema));
  if (bound->type->id() == TypeId::kNull) return BindCast(bound, DataType::Boolean());
  if (bound->type->id() != TypeId::kBoolean) {
    return InvalidArgument(fmt::format("the condition {} is {}, not boolean", predicate->ToString(), bound->type->ToGlueType()));
  }
  return bound;
}

// The conjuncts of a bound filter that a reader can use: column op constant.
formats::PushdownPredicate DerivePushdown(const BoundExpression& filter, const Schema& schema) {
  formats::PushdownPredicate out;
  std::vector<const BoundExpression*> stack{&filter};
  while (!stack.empty()) {
    const BoundExpression* e = stack.back();
    stack.pop_back();
    if (e->kind == ExprKind::kAnd) {
      stack.push_back(e->args[0].get());
      stack.push_back(e->args[1].get());
      continue;
    }
    if (e->kind != ExprKind::kCall || e->args.empty()) continue;
    const BoundExpression& column = *e->args[0];
    if (column.kind != ExprKind::kColumn || !column.fields.empty()) continue;
    const std::string& name = schema.field(column.column).name;
    static const std::pair<const char*, formats::PredicateOp> kOps[] = {
        {"eq", formats::PredicateOp::kEq}, {"ne", formats::PredicateOp::kNe}, {"lt", formats::PredicateOp::kLt},
        {"le", formats::PredicateOp::kLe}, {"gt", formats::PredicateOp::kGt}, {"ge", formats::PredicateOp::kGe},
    };
    if (e->function == "is_null" || e->function == "is_not_null") {
      out.push_back({name, e->function == "is_null" ? formats::PredicateOp::kIsNull : formats::PredicateOp::kIsNotNull, {}});
      continue;
    }
    if (e->function == "in") {
      formats::ColumnPredicate predicate{name, formats::PredicateOp::kIn, {}};
      bool constant = true;
      for (size_t i = 1; i < e->args.size(); ++i) {
        if (e->args[i]->kind != ExprKind::kLiteral || e->args[i]->literal.is_null()) constant = false;
        else predicate.values.push_back(e->args[i]->literal);
      }
      if (constant) out.push_back(std::move(predicate));
      continue;
    }
    for (const auto& [function, op] : kOps) {
      if (e->function == function && e->args.size() == 2 && e->args[1]->kind == ExprKind::kLiteral &&
          !e->args[1]->literal.is_null()) {
        out.push_back({name, op, {e->args[1]->literal}});
      }
    }
  }
  return out;
}

std::string PredicateOpText(formats::PredicateOp op) {
  switch (op) {
    case formats::PredicateOp::kEq: return "=";
    case formats::PredicateOp::kNe: return "<>";
    case formats::PredicateOp::kLt: return "<";
    case formats::PredicateOp::kLe: return "<=";
    case formats::PredicateOp::kGt: return ">";
    case formats::PredicateOp::kGe: return ">=";
    case formats::PredicateOp::kIsNull: return "IS NULL";
    case formats::PredicateOp::kIsNotNull: return "IS NOT NULL";
    case formats::PredicateOp::kIn: return "IN";
  }
  return "?";
}

}  // namespace

std::string PlanNode::ToString() const {
  std::string out;
  std::vector<std::pair<const PlanNode*, int>> stack{{this, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    out += std::string(static_cast<size_t>(depth) * 2, ' ') + node->Describe() + "\n";
    for (auto it = node->inputs().rbegin(); it != node->inputs().rend(); ++it) stack.push_back({it->get(), depth + 1});
  }
  return out;
}

// ---- Scan ----------------------------------------------------------------------------------

Result<PlanPtr> ScanNode::Make(DataSourcePtr source, std::vector<size_t> columns, ExprPtr filter) {
  const Schema& full = *source->schema();
  if (columns.empty()) {
    for (size_t i = 0; i < full.num_fields(); ++i) columns.push_back(i);
  }
  std::vector<Field> fields;
  for (size_t c : columns) {
    if (c >= full.num_fields()) return InvalidArgument(fmt::format("Scan {}: no column {}", source->ToString(), c));
    fields.push_back(full.field(c));
  }
  SchemaPtr schema = MakeSchema(std::move(fields));
  std::shared_ptr<ScanNode> node(new ScanNode(PlanKind::kScan, schema, {}));
  node->source_ = std::move(source);
  node->columns_ = std::move(columns);
  if (filter) {
    auto bound = BindPredicate(filter, *schema);
    if (!bound.ok()) return AtNode(bound.status(), "Scan " + node->source_->ToString());
    node->filter_ = std::move(filter);
    node->bound_filter_ = *bound;
    node->pushdown_ = DerivePushdown(**bound, *schema);
  }
  return PlanPtr(node);
}

std::string ScanNode::Describe() const {
  std::string out = "Scan " + source_->ToString() + " [";
  for (size_t i = 0; i < schema()->num_fields(); ++i) out += (i ? ", " : "") + schema()->field(i).name;
  out += "]";
  if (filter_) out += " filter " + filter_->ToString();
  if (!pushdown_.empty()) {
    out += " pushdown (";
    for (size_t i = 0; i < pushdown_.size(); ++i) {
      const auto& p = pushdown_[i];
      out += (i ? " AND " : "") + p.column + " " + PredicateOpText(p.op);
      for (size_t v = 0; v < p.values.size(); ++v) out += (v ? ", " : " ") + p.values[v].ToString();
    }
    out += ")";
  }
  return out;
}

// ---- Filter --------------------------------------------------------------------------------

Result<PlanPtr> FilterNode::Make(PlanPtr input, ExprPtr predicate) {
  auto bound = BindPredicate(predicate, *input->schema());
  if (!bound.ok()) return AtNode(bound.status(), "Filter " + predicate->ToString());
  std::shared_ptr<FilterNode> node(new FilterNode(PlanKind::kFilter, input->schema(), {input}));
  node->predicate_ = std::move(predicate);
  node->bound_ = *bound;
  return PlanPtr(node);
}

std::string FilterNode::Describe() const { return "Filter " + predicate_->ToString(); }

// ---- Project -------------------------------------------------------------------------------

Result<PlanPtr> ProjectNode::Make(PlanPtr input, std::vector<NamedExpr> exprs) {
  std::vector<Field> fields;
  std::vector<BoundExprPtr> bound;
  for (const auto& named : exprs) {
    auto b = Bind(named.expr, *input->schema());
    if (!b.ok()) return AtNode(b.status(), fmt::format("Project column '{}'", named.name));
    fields.push_back({named.name, (*b)->type, true});
    bound.push_back(*b);
  }
  RETURN_IF_ERROR(CheckUniqueNames(fields, "Project"));
  std::shared_ptr<ProjectNode> node(new ProjectNode(PlanKind::kProject, MakeSchema(std::move(fields)), {input}));
  node->exprs_ = std::move(exprs);
  node->bound_ = std::move(bound);
  return PlanPtr(node);
}

std::string ProjectNode::Describe() const {
  std::string out = "Project ";
  for (size_t i = 0; i < exprs_.size(); ++i) {
    std::string text = exprs_[i].expr->ToString();
    out += (i ? ", " : "") + (text == exprs_[i].name ? text : text + " AS " + exprs_[i].name);
  }
  return out;
}

// ---- Join ----------------------------------------------------------------------------------

const char* JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner: return "inner";
    case JoinType::kLeft: return "left";
    case JoinType::kRight: return "right";
    case JoinType::kFull: return "full";
    case JoinType::kSemi: return "semi";
    case JoinType::kAnti: return "anti";
  }
  return "?";
}

Result<PlanPtr> JoinNode::Make(PlanPtr left, PlanPtr right, JoinType type, std::vector<ExprPtr> left_keys,
                               std::vector<ExprPtr> right_keys) {
  const std::string name = fmt::format("Join ({})", JoinTypeName(type));
  if (left_keys.empty() || left_keys.size() != right_keys.size()) {
    return InvalidArgument(fmt::format("{}: needs the same number (at least one) of left and right keys, got {} and {}",
                                       name, left_keys.size(), right_keys.size()));
  }
  std::vector<BoundExprPtr> bound_left, bound_right;
  for (size_t i = 0; i < left_keys.size(); ++i) {
    auto l = Bind(left_keys[i], *left->schema());
    if (!l.ok()) return AtNode(l.status(), name + " left key");
    auto r = Bind(right_keys[i], *right->schema());
    if (!r.ok()) return AtNode(r.status(), name + " right key");
    auto common = ComparisonType((*l)->type, (*r)->type);
    // Text meets other types only through an explicit cast: an implicit one would fail (or
    // silently not match) on the first value that is not a number or date.
    bool text_mismatch = ((*l)->type->id() == TypeId::kString) != ((*r)->type->id() == TypeId::kString) &&
                         (*l)->type->id() != TypeId::kNull && (*r)->type->id() != TypeId::kNull;
    if (!common.ok() || (*common)->is_nested() || text_mismatch) {
      return InvalidArgument(fmt::format("{}: left key {} ({}) cannot be compared with right key {} ({})", name,
                                         left_keys[i]->ToString(), (*l)->type->ToGlueType(), right_keys[i]->ToString(),
                                         (*r)->type->ToGlueType()));
    }
    TypePtr type = (*common)->id() == TypeId::kNull ? DataType::Int32() : *common;
    auto cl = BindCast(*l, type);
    if (!cl.ok()) return AtNode(cl.status(), name + " left key");
    auto cr = BindCast(*r, type);
    if (!cr.ok()) return AtNode(cr.status(), name + " right key");
    bound_left.push_back(*cl);
    bound_right.push_back(*cr);
  }
  std::vector<Field> fields;
  bool left_nullable = type == JoinType::kRight || type == JoinType::kFull;
  bool right_nullable = type == JoinType::kLeft || type == JoinType::kFull;
  for (Field f : left->schema()->fields()) {
    f.nullable = f.nullable || left_nullable;
    fields.push_back(std::move(f));
  }
  if (type != JoinType::kSemi && type != JoinType::kAnti) {
    for (Field f : right->schema()->fields()) {
      f.nullable = f.nullable || right_nullable;
      fields.push_back(std::move(f));
    }
  }
  std::shared_ptr<JoinNode> node(new JoinNode(PlanKind::kJoin, MakeSchema(std::move(fields)), {left, right}));
  node->type_ = type;
  node->left_keys_ = std::move(left_keys);
  node->right_keys_ = std::move(right_keys);
  node->bound_left_ = std::move(bound_left);
  node->bound_right_ = std::move(bound_right);
  return PlanPtr(node);
}

std::string JoinNode::Describe() const {
  std::string out = fmt::format("Join {} on ", JoinTypeName(type_));
  for (size_t i = 0; i < left_keys_.size(); ++i) {
    out += (i ? " AND " : "") + left_keys_[i]->ToString() + " = " + right_keys_[i]->ToString();
  }
  return out;
}

// ---- Aggregate -----------------------------------------------------------------------------

Result<PlanPtr> AggregateNode::Make(PlanPtr input, std::vector<NamedExpr> keys, std::vector<AggregateCall> aggregates) {
  const FunctionRegistry& registry = FunctionRegistry::Default();
  std::vector<Field> fields;
  std::vector<BoundExprPtr> bound_keys, bound_arguments;
  std::vector<BoundAggregate> bound_aggregates;
  for (const auto& key : keys) {
    auto b = Bind(key.expr, *input->schema());
    if (!b.ok()) return AtNode(b.status(), fmt::format("Aggregate key '{}'", key.name));
    if ((*b)->type->is_nested()) {
      return InvalidArgument(fmt::format("Aggregate: cannot group by '{}' of type {}", key.name, (*b)->type->ToGlueType()));
    }
    fields.push_back({key.name, (*b)->type, true});
    bound_keys.push_back(*b);
  }
  for (const auto& call : aggregates) {
    std::string where = fmt::format("Aggregate {}", call.name);
    const AggregateFunction* function = registry.FindAggregate(call.function);
    if (!function) return InvalidArgument(fmt::format("{}: unknown aggregate function {}", where, call.function));
    BoundExprPtr argument;
    if (call.argument) {
      auto b = Bind(call.argument, *input->schema());
      if (!b.ok()) return AtNode(b.status(), where);
      argument = *b;
    } else if (!function->allows_no_argument()) {
      return InvalidArgument(fmt::format("{}: {} needs an argument", where, call.function));
    }
    auto aggregate = function->Bind(argument ? argument->type : nullptr);
    if (!aggregate.ok()) return AtNode(aggregate.status(), where);
    if (argument && aggregate->input_type) {
      auto cast = BindCast(argument, aggregate->input_type);
      if (!cast.ok()) return AtNode(cast.status(), where);
      argument = *cast;
    }
    fields.push_back({call.name, aggregate->output_type, true});
    bound_arguments.push_back(argument);
    bound_aggregates.push_back(std::move(*aggregate));
  }
  RETURN_IF_ERROR(CheckUniqueNames(fields, "Aggregate"));
  std::shared_ptr<AggregateNode> node(new AggregateNode(PlanKind::kAggregate, MakeSchema(std::move(fields)), {input}));
  node->keys_ = std::move(keys);
  node->aggregates_ = std::move(aggregates);
  node->bound_keys_ = std::move(bound_keys);
  node->bound_arguments_ = std::move(bound_arguments);
  node->bound_aggregates_ = std::move(bound_aggregates);
  return PlanPtr(node);
}

std::string AggregateNode::Describe() const {
  std::string out = "Aggregate";
  if (!keys_.empty()) {
    out += " by ";
    for (size_t i = 0; i < keys_.size(); ++i) out += (i ? ", " : "") + keys_[i].expr->ToString();
  }
  out += ":";
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    const auto& a = aggregates_[i];
    out += fmt::format("{} {}({}) AS {}", i ? "," : "", a.function, a.argument ? a.argument->ToString() : "*", a.name);
  }
  return out;
}

// ---- Union ---------------------------------------------------------------------------------

Result<PlanPtr> UnionNode::Make(std::vector<PlanPtr> inputs) {
  if (inputs.empty()) return InvalidArgument("Union: needs at least one input");
  const Schema& first = *inputs[0]->schema();
  for (size_t i = 1; i < inputs.size(); ++i) {
    const Schema& other = *inputs[i]->schema();
    if (other.num_fields() != first.num_fields()) {
      return InvalidArgument(fmt::format("Union: input {} has {} columns, the first has {}", i + 1, other.num_fields(),
                                         first.num_fields()));
    }
    for (size_t c = 0; c < first.num_fields(); ++c) {
      if (!other.field(c).type->Equals(*first.field(c).type)) {
        return InvalidArgument(fmt::format("Union: column {} ('{}') is {} in input {} but {} in the first", c + 1,
                                           first.field(c).name, other.field(c).type->ToGlueType(), i + 1,
                                           first.field(c).type->ToGlueType()));
      }
    }
  }
  SchemaPtr schema = inputs[0]->schema();
  return PlanPtr(std::shared_ptr<UnionNode>(new UnionNode(PlanKind::kUnion, schema, std::move(inputs))));
}

std::string UnionNode::Describe() const { return fmt::format("Union all of {} inputs", inputs().size()); }

// ---- Sort and Limit ------------------------------------------------------------------------

Result<PlanPtr> SortNode::Make(PlanPtr input, std::vector<SortKey> keys, int64_t limit) {
  if (keys.empty()) return InvalidArgument("Sort: needs at least one key");
  std::vector<BoundExprPtr> bound;
  for (const auto& key : keys) {
    auto b = Bind(key.expr, *input->schema());
    if (!b.ok()) return AtNode(b.status(), "Sort key");
    if ((*b)->type->is_nested()) {
      return InvalidArgument(fmt::format("Sort: cannot order by {} of type {}", key.expr->ToString(), (*b)->type->ToGlueType()));
    }
    bound.push_back(*b);
  }
  std::shared_ptr<SortNode> node(new SortNode(PlanKind::kSort, input->schema(), {input}));
  node->keys_ = std::move(keys);
  node->bound_ = std::move(bound);
  node->limit_ = limit;
  return PlanPtr(node);
}

std::string SortNode::Describe() const {
  std::string out = "Sort by ";
  for (size_t i = 0; i < keys_.size(); ++i) {
    out += fmt::format("{}{} {} NULLS {}", i ? ", " : "", keys_[i].expr->ToString(), keys_[i].ascending ? "ASC" : "DESC",
                       keys_[i].nulls_first ? "FIRST" : "LAST");
  }
  if (limit_ >= 0) out += fmt::format(" limit {}", limit_);
  return out;
}

Result<PlanPtr> LimitNode::Make(PlanPtr input, int64_t count, int64_t offset) {
  if (count < 0 || offset < 0) return InvalidArgument(fmt::format("Limit: count {} and offset {} must not be negative", count, offset));
  std::shared_ptr<LimitNode> node(new LimitNode(PlanKind::kLimit, input->schema(), {input}));
  node->count_ = count;
  node->offset_ = offset;
  return PlanPtr(node);
}

std::string LimitNode::Describe() const {
  return offset_ ? fmt::format("Limit {} offset {}", count_, offset_) : fmt::format("Limit {}", count_);
}

// ---- Write ---------------------------------------------------------------------------------

Result<PlanPtr> WriteNode::Make(PlanPtr input, WriteTargetPtr target) {
  Status check = target->Check(*input->schema());
  if (!check.ok()) return AtNode(check, "Write " + target->ToString());
  std::shared_ptr<WriteNode> node(new WriteNode(PlanKind::kWrite, WrittenFilesSchema(), {input}));
  node->target_ = std::move(target);
  return PlanPtr(node);
}

std::string WriteNode::Describe() const { return "Write " + target_->ToString(); }

}  // namespace sluice::engine
