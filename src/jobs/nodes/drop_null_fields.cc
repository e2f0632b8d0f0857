// DropNullFields: see drop_null_fields.h.
#include "jobs/nodes/drop_null_fields.h"

#include <fmt/format.h>

#include "jobs/nodes/node_config.h"
#include "jobs/nodes/node_context.h"

namespace sluice::jobs {

namespace {

using columnar::TypeId;

struct Placeholder {
  std::string value;
  std::string datatype;  // Datatype.Id, lower case
};

// Whether a placeholder of `datatype` applies to a column of `type`.
bool TypeMatches(const std::string& datatype, const columnar::DataType& type) {
  if (datatype == "string" || datatype == "varchar" || datatype == "char") return type.id() == TypeId::kString;
  if (datatype == "int" || datatype == "integer" || datatype == "long" || datatype == "bigint" ||
      datatype == "short" || datatype == "smallint" || datatype == "byte" || datatype == "tinyint") {
    return type.is_integer();
  }
  if (datatype == "double" || datatype == "float" || datatype == "decimal") {
    return type.is_floating() || type.id() == TypeId::kDecimal;
  }
  if (datatype == "boolean" || datatype == "bool") return type.id() == TypeId::kBoolean;
  if (datatype == "date") return type.id() == TypeId::kDate;
  if (datatype == "timestamp") return type.id() == TypeId::kTimestamp || type.id() == TypeId::kTimestampTz;
  return false;
}

class DropNullFieldsNode final : public Node {
 public:
  DropNullFieldsNode(NodeHeader header, bool empty, bool null_string, bool negative_one,
                     std::vector<Placeholder> placeholders)
      : Node(std::move(header)),
        empty_(empty),
        null_string_(null_string),
        negative_one_(negative_one),
        placeholders_(std::move(placeholders)) {}
  NodeRole role() const override { return NodeRole::kTransform; }

  Result<NodeOutput> Build(NodeContext& context, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    const columnar::Schema& schema = *frame.schema();
    if (!context.executing()) {
      NodeOutput out = NodeOutput::Single(std::move(frame));
      out.data_dependent = true;
      return out;
    }
    // One row: the number of rows, then per column the number of values that are not null-like.
    std::vector<engine::AggregateCall> counts;
    counts.push_back({"count", nullptr, "rows"});
    for (size_t i = 0; i < schema.num_fields(); ++i) {
      const auto& field = schema.field(i);
      engine::ExprPtr column = engine::Col(field.name);
      std::vector<engine::ExprPtr> null_like = {engine::IsNull(column)};
      if (field.type->id() == TypeId::kString) {
        if (empty_) null_like.push_back(engine::Eq(column, engine::Lit("")));
        if (null_string_) null_like.push_back(engine::Eq(column, engine::Lit("null")));
      }
      if (negative_one_ && field.type->is_integer()) null_like.push_back(engine::Eq(column, engine::Lit(int64_t{-1})));
      for (const auto& placeholder : placeholders_) {
        if (TypeMatches(placeholder.datatype, *field.type)) {
          null_like.push_back(engine::Eq(column, engine::Lit(placeholder.value)));
        }
      }
      engine::ExprPtr real = engine::Case({{engine::OrAll(std::move(null_like)), engine::NullLit()}}, engine::Lit(1));
      counts.push_back({"count", std::move(real), fmt::format("c{}", i)});
    }
    Frame counting = frame;
    counting.Aggregate({}, std::move(counts));
    ASSIGN_OR_RETURN(engine::PlanPtr plan, counting.Build());
    ASSIGN_OR_RETURN(auto batches, context.Collect(*this, plan));
    const columnar::RecordBatch* row = nullptr;
    for (const auto& batch : batches) {
      if (batch->num_rows() > 0) row = batch.get();
    }
    if (row == nullptr) return Internal("DropNullFields: the counting query returned no row");
    if (row->column(0)->Values<int64_t>()[0] == 0) return NodeOutput::Single(std::move(frame));
    std::vector<std::string> kept;
    for (size_t i = 0; i < schema.num_fields(); ++i) {
      if (row->column(i + 1)->Values<int64_t>()[0] > 0) kept.push_back(schema.field(i).name);
    }
    if (kept.empty()) return InvalidArgument("every column of the input is null; nothing would be left");
    frame.Select(kept);
    return NodeOutput::Single(std::move(frame));
  }

 private:
  bool empty_, null_string_, negative_one_;
  std::vector<Placeholder> placeholders_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseDropNullFields(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  bool empty = false, null_string = false, negative_one = false;
  if (const auto* boxes = config.OptionalObject("NullCheckBoxList")) {
    NodeConfig list(*boxes, "NullCheckBoxList.");
    ASSIGN_OR_RETURN(auto is_empty, list.OptionalBool("IsEmpty"));
    ASSIGN_OR_RETURN(auto is_null_string, list.OptionalBool("IsNullString"));
    ASSIGN_OR_RETURN(auto is_neg_one, list.OptionalBool("IsNegOne"));
    empty = is_empty.value_or(false);
    null_string = is_null_string.value_or(false);
    negative_one = is_neg_one.value_or(false);
  }
  std::vector<Placeholder> placeholders;
  ASSIGN_OR_RETURN(auto items, config.ObjectList("NullTextList", false));
  for (size_t i = 0; i < items.size(); ++i) {
    NodeConfig item(*items[i], fmt::format("NullTextList[{}].", i));
    Placeholder placeholder;
    ASSIGN_OR_RETURN(placeholder.value, item.RequireString("Value"));
    const auto* datatype = item.OptionalObject("Datatype");
    if (datatype == nullptr) return InvalidArgument(fmt::format("{} is missing", item.Name("Datatype")));
    NodeConfig type(*datatype, item.Name("Datatype."));
    ASSIGN_OR_RETURN(std::string id, type.RequireString("Id"));
    for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    placeholder.datatype = id;
    placeholders.push_back(std::move(placeholder));
  }
  return std::unique_ptr<Node>(
      new DropNullFieldsNode(std::move(header), empty, null_string, negative_one, std::move(placeholders)));
}

}  // namespace sluice::jobs
