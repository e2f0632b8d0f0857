// Filter: see filter.h.
#include "jobs/nodes/filter.h"

#include <fmt/format.h>

#include "engine/expr/binder.h"
#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

struct FilterValue {
  bool column = false;  // COLUMNEXTRACTED
  FieldPath path;       // column
  std::string constant;
};

struct FilterExpression {
  std::string where;  // "Filters[1]"
  std::string operation;
  bool negated = false;
  std::vector<FilterValue> values;
};

class FilterNode final : public Node {
 public:
  FilterNode(NodeHeader header, bool conjunction, std::vector<FilterExpression> filters)
      : Node(std::move(header)), conjunction_(conjunction), filters_(std::move(filters)) {}
  NodeRole role() const override { return NodeRole::kTransform; }

  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    const columnar::Schema& schema = *frame.schema();
    std::vector<engine::ExprPtr> terms;
    for (const auto& filter : filters_) {
      ASSIGN_OR_RETURN(engine::ExprPtr term, Term(schema, filter));
      // Checked one at a time so that the message names the filter.
      auto bound = engine::Bind(term, schema);
      if (!bound.ok()) return InvalidArgument(fmt::format("{}: {}", filter.where, bound.status().message()));
      terms.push_back(std::move(term));
    }
    frame.Filter(conjunction_ ? engine::AndAll(std::move(terms)) : engine::OrAll(std::move(terms)));
    return NodeOutput::Single(std::move(frame));
  }

 private:
  static Result<engine::ExprPtr> Value(const columnar::Schema& schema, const FilterExpression& filter, size_t i) {
    const FilterValue& value = filter.values[i];
    if (!value.column) return engine::Lit(value.constant);
    auto resolved = ResolvePath(schema, value.path);
    if (!resolved) {
      return InvalidArgument(fmt::format("{}.Values[{}]: field '{}' does not exist in the input (columns: {})",
                                         filter.where, i, PathToString(value.path), ColumnList(schema)));
    }
    return engine::ColPath(resolved->canonical);
  }

  static Result<engine::ExprPtr> Term(const columnar::Schema& schema, const FilterExpression& filter) {
    engine::ExprPtr term;
    if (filter.operation == "ISNULL") {
      ASSIGN_OR_RETURN(auto operand, Value(schema, filter, 0));
      term = engine::IsNull(std::move(operand));
    } else if (filter.operation == "REGEX") {
      ASSIGN_OR_RETURN(auto subject, Value(schema, filter, 0));
      if (filter.values[1].column) {
        return InvalidArgument(fmt::format("{}.Values[1]: the REGEX pattern must be a CONSTANT", filter.where));
      }
      // re.match: the pattern must match at the start of the value.
      term = engine::Call("regexp_like", {engine::Cast(std::move(subject), columnar::DataType::String()),
                                          engine::Lit("^(?:" + filter.values[1].constant + ")")});
    } else {
      ASSIGN_OR_RETURN(auto left, Value(schema, filter, 0));
      ASSIGN_OR_RETURN(auto right, Value(schema, filter, 1));
      const std::string& op = filter.operation;
      term = op == "EQ"    ? engine::Eq(std::move(left), std::move(right))
             : op == "LT"  ? engine::Lt(std::move(left), std::move(right))
             : op == "GT"  ? engine::Gt(std::move(left), std::move(right))
             : op == "LTE" ? engine::Le(std::move(left), std::move(right))
                           : engine::Ge(std::move(left), std::move(right));
    }
    return filter.negated ? engine::Not(std::move(term)) : term;
  }

  bool conjunction_;
  std::vector<FilterExpression> filters_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseFilter(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(std::string logical, config.RequireEnum("LogicalOperator", {"AND", "OR"}));
  ASSIGN_OR_RETURN(auto items, config.ObjectList("Filters", true));
  std::vector<FilterExpression> filters;
  for (size_t i = 0; i < items.size(); ++i) {
    FilterExpression filter;
    filter.where = fmt::format("Filters[{}]", i);
    NodeConfig item(*items[i], filter.where + ".");
    ASSIGN_OR_RETURN(filter.operation, item.RequireEnum("Operation", {"EQ", "LT", "GT", "LTE", "GTE", "REGEX", "ISNULL"}));
    ASSIGN_OR_RETURN(auto negated, item.OptionalBool("Negated"));
    filter.negated = negated.value_or(false);
    ASSIGN_OR_RETURN(auto values, item.ObjectList("Values", true));
    size_t expected = filter.operation == "ISNULL" ? 1 : 2;
    if (values.size() != expected) {
      return InvalidArgument(fmt::format("{}.Values: {} takes {} value{}, found {}", filter.where, filter.operation,
                                         expected, expected == 1 ? "" : "s", values.size()));
    }
    for (size_t v = 0; v < values.size(); ++v) {
      NodeConfig value_config(*values[v], fmt::format("{}.Values[{}].", filter.where, v));
      ASSIGN_OR_RETURN(std::string type, value_config.RequireEnum("Type", {"COLUMNEXTRACTED", "CONSTANT"}));
      ASSIGN_OR_RETURN(auto text, value_config.StringList("Value", true));
      FilterValue value;
      value.column = type == "COLUMNEXTRACTED";
      if (value.column) value.path = text;
      else value.constant = text[0];
      if (!value.column && text.size() != 1) {
        return InvalidArgument(fmt::format("{}: a CONSTANT has exactly one Value", value_config.Name("Value")));
      }
      filter.values.push_back(std::move(value));
    }
    if (filter.operation == "ISNULL" && !filter.values[0].column) {
      return InvalidArgument(fmt::format("{}.Values[0]: ISNULL tests a column (COLUMNEXTRACTED)", filter.where));
    }
    if (!filter.values[0].column && !(filter.values.size() > 1 && filter.values[1].column)) {
      return InvalidArgument(fmt::format("{}.Values: at least one value must be a column (COLUMNEXTRACTED)",
                                         filter.where));
    }
    filters.push_back(std::move(filter));
  }
  return std::unique_ptr<Node>(new FilterNode(std::move(header), logical == "AND", std::move(filters)));
}

}  // namespace sluice::jobs
