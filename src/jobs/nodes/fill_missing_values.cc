// FillMissingValues: see fill_missing_values.h.
#include "jobs/nodes/fill_missing_values.h"

#include <cmath>

#include <fmt/format.h>

#include "engine/expr/datum.h"
#include "jobs/nodes/node_config.h"
#include "jobs/nodes/node_context.h"

namespace sluice::jobs {

namespace {

using columnar::TypeId;

FieldPath SplitPath(const std::string& text) {
  FieldPath path;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    path.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return path;
}

class FillMissingValuesNode final : public Node {
 public:
  FillMissingValuesNode(NodeHeader header, std::string imputed, std::string filled)
      : Node(std::move(header)), imputed_(std::move(imputed)), filled_(std::move(filled)) {}
  NodeRole role() const override { return NodeRole::kTransform; }

  Result<NodeOutput> Build(NodeContext& context, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    const columnar::Schema& schema = *frame.schema();
    auto resolved = ResolvePath(schema, SplitPath(imputed_));
    if (!resolved) {
      return InvalidArgument(fmt::format("ImputedPath: field '{}' does not exist in the input (columns: {})", imputed_,
                                         ColumnList(schema)));
    }
    if (resolved->type->is_nested()) {
      return InvalidArgument(fmt::format("ImputedPath: field '{}' is {}; only scalar fields can be imputed", imputed_,
                                         resolved->type->ToGlueType()));
    }
    if (schema.FieldIndexIgnoreCase(filled_)) {
      return InvalidArgument(fmt::format("FilledPath: the input already has a column named '{}'", filled_));
    }
    const columnar::TypePtr& type = resolved->type;
    engine::ExprPtr column = engine::ColPath(resolved->canonical);
    engine::ExprPtr missing = engine::IsNull(column);
    if (type->id() == TypeId::kString) missing = engine::Or(missing, engine::Eq(column, engine::Lit("")));

    columnar::Scalar fill = columnar::Scalar::Null(type);
    if (context.executing()) {
      ASSIGN_OR_RETURN(fill, Impute(context, frame, column, missing, type));
    }
    engine::ExprPtr filled = engine::Case({{missing, engine::Cast(engine::Lit(fill), type)}}, column);
    frame.WithColumn(filled_, std::move(filled));
    return NodeOutput::Single(std::move(frame));
  }

 private:
  // The mean of a numeric column, the most frequent value otherwise (NULL when every value is
  // missing).
  Result<columnar::Scalar> Impute(NodeContext& context, const Frame& frame, const engine::ExprPtr& column,
                                  const engine::ExprPtr& missing, const columnar::TypePtr& type) const {
    Frame present = frame;
    present.Filter(engine::Not(missing));
    if (type->is_numeric()) {
      present.Aggregate({}, {{"avg", column, "mean"}});
    } else {
      present.Aggregate({{column, "value"}}, {{"count", nullptr, "n"}})
          .Sort({engine::SortBy("n", false), engine::SortBy("value", true)})
          .Limit(1);
    }
    ASSIGN_OR_RETURN(engine::PlanPtr plan, present.Build());
    ASSIGN_OR_RETURN(auto batches, context.Collect(*this, plan));
    for (const auto& batch : batches) {
      if (batch->num_rows() == 0) continue;
      columnar::Scalar value = engine::ScalarAt(*batch->column(0), 0);
      if (value.is_null()) break;
      if (type->is_integer()) return columnar::Scalar::Int64(static_cast<int64_t>(std::llround(value.double_value())));
      return value;
    }
    return columnar::Scalar::Null(type);
  }

  std::string imputed_;
  std::string filled_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseFillMissingValues(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(std::string imputed, config.RequireString("ImputedPath"));
  if (imputed.empty()) return InvalidArgument("ImputedPath is empty");
  ASSIGN_OR_RETURN(auto filled, config.OptionalString("FilledPath"));
  std::string output = filled && !filled->empty() ? *filled : imputed + "_filled";
  return std::unique_ptr<Node>(new FillMissingValuesNode(std::move(header), std::move(imputed), std::move(output)));
}

}  // namespace sluice::jobs
