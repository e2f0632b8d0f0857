// Hash aggregate: see hash_aggregate.h.
#include "engine/operators/hash_aggregate.h"

#include <algorithm>

#include "engine/expr/evaluator.h"

namespace sluice::engine {

using columnar::ColumnPtr;

struct HashAggregateSink::Partial final : public OperatorState {
  GroupTable groups;
  std::vector<std::unique_ptr<AggregateState>> states;
  EncodedKeys keys;            // scratch
  std::vector<uint32_t> ids;   // scratch
  uint64_t sequence = UINT64_MAX;
  int64_t rows_in_sequence = 0;
  int64_t group_count = 0;     // groups when there are no keys (0 or 1)
};

HashAggregateSink::HashAggregateSink(std::shared_ptr<const AggregateNode> node, std::shared_ptr<BatchListSource> output)
    : node_(std::move(node)), output_(std::move(output)) {}

HashAggregateSink::~HashAggregateSink() = default;

std::unique_ptr<OperatorState> HashAggregateSink::MakeState(ExecutionContext&) const {
  auto partial = std::make_unique<Partial>();
  for (const auto& aggregate : node_->bound_aggregates()) partial->states.push_back(aggregate.make_state());
  return partial;
}

Status HashAggregateSink::Consume(ExecutionContext&, OperatorState& state, const columnar::BatchPtr& batch,
                                  uint64_t sequence) {
  auto& p = static_cast<Partial&>(state);
  const int64_t rows = batch->num_rows();
  p.ids.resize(static_cast<size_t>(rows));
  int64_t groups;
  if (node_->bound_keys().empty()) {
    std::fill(p.ids.begin(), p.ids.end(), 0);
    p.group_count = 1;
    groups = 1;
  } else {
    std::vector<ColumnPtr> keys;
    for (const auto& key : node_->bound_keys()) {
      ASSIGN_OR_RETURN(ColumnPtr column, EvaluateToColumn(*key, *batch));
      keys.push_back(std::move(column));
    }
    EncodeKeys(keys, rows, &p.keys);
    p.groups.FindOrAdd(p.keys, rows, p.ids.data());
    groups = p.groups.size();
  }
  // Input positions for first/last: the batch's source sequence, then the row within it.
  if (sequence != p.sequence) {
    p.sequence = sequence;
    p.rows_in_sequence = 0;
  }
  int64_t base_position = static_cast<int64_t>(sequence << 32) + p.rows_in_sequence;
  p.rows_in_sequence += rows;
  const auto& arguments = node_->bound_arguments();
  for (size_t a = 0; a < p.states.size(); ++a) {
    p.states[a]->Resize(groups);
    ColumnPtr argument;
    if (arguments[a]) {
      ASSIGN_OR_RETURN(argument, EvaluateToColumn(*arguments[a], *batch));
    }
    RETURN_IF_ERROR(p.states[a]->Update(argument.get(), p.ids.data(), rows, base_position));
  }
  return Status::Ok();
}

Status HashAggregateSink::Combine(ExecutionContext&, OperatorState& state) {
  auto& p = static_cast<Partial&>(state);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!merged_) {
    merged_ = std::make_unique<Partial>();
    merged_->groups = std::move(p.groups);
    merged_->states = std::move(p.states);
    merged_->group_count = p.group_count;
    return Status::Ok();
  }
  std::vector<uint32_t> mapping;
  int64_t groups;
  if (node_->bound_keys().empty()) {
    mapping.assign(static_cast<size_t>(p.group_count), 0);
    merged_->group_count = std::max(merged_->group_count, p.group_count);
    groups = merged_->group_count;
  } else {
    mapping.resize(static_cast<size_t>(p.groups.size()));
    for (int64_t g = 0; g < p.groups.size(); ++g) {
      auto group = static_cast<uint32_t>(g);
      mapping[static_cast<size_t>(g)] = merged_->groups.FindOrAdd(p.groups.hash(group), p.groups.key(group));
    }
    groups = merged_->groups.size();
  }
  for (size_t a = 0; a < merged_->states.size(); ++a) {
    merged_->states[a]->Resize(groups);
    p.states[a]->Resize(static_cast<int64_t>(mapping.size()));
    RETURN_IF_ERROR(merged_->states[a]->Merge(*p.states[a], mapping.data()));
  }
  return Status::Ok();
}

Status HashAggregateSink::Finalize(ExecutionContext& context) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!merged_) {
    merged_ = std::make_unique<Partial>();
    for (const auto& aggregate : node_->bound_aggregates()) merged_->states.push_back(aggregate.make_state());
  }
  const bool global = node_->bound_keys().empty();
  // A global aggregate has its one row even over no input.
  int64_t groups = global ? 1 : merged_->groups.size();
  std::vector<ColumnPtr> columns;
  if (!global) {
    std::vector<columnar::TypePtr> types;
    for (const auto& key : node_->bound_keys()) types.push_back(key->type);
    columns = DecodeKeys(types, merged_->groups.KeyPointers());
  }
  for (auto& state : merged_->states) {
    state->Resize(groups);
    ASSIGN_OR_RETURN(ColumnPtr column, state->Finish(groups));
    columns.push_back(std::move(column));
  }
  merged_.reset();
  auto all = columnar::RecordBatch::Make(node_->schema(), groups, std::move(columns));
  std::vector<columnar::BatchPtr> batches;
  const int64_t step = std::max<int64_t>(1, context.options().batch_rows);
  for (int64_t offset = 0; offset < groups; offset += step) batches.push_back(all->Slice(offset, std::min(step, groups - offset)));
  output_->Set(std::move(batches));
  return Status::Ok();
}

}  // namespace sluice::engine
