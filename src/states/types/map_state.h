// Map: runs its ItemProcessor once per item of an array (ItemsPath) or, in distributed mode,
// of an S3 object or listing (ItemReader), optionally in batches (ItemBatcher), at most
// MaxConcurrency at a time, and outputs the array of results — or writes them to S3
// (ResultWriter). Distributed runs tolerate ToleratedFailureCount/Percentage failed items.
// Events: MapStateEntered, MapStateStarted, [MapRunStarted], MapIteration{Started,Succeeded,
// Failed,Aborted} with the iterations' events, MapStateSucceeded | MapStateFailed,
// [MapRunSucceeded | MapRunFailed], MapStateExited.
//
// Iterations run in-process as branches of the same execution (AWS runs distributed items as
// child executions); see docs/formats/execution-history.md.
//
// Thread safety: immutable after parsing (see state.h).
#pragma once

#include <memory>
#include <optional>

#include "states/asl/state_graph.h"
#include "states/types/map_item_reader.h"
#include "states/types/state.h"

namespace sluice::states {

class MapState final : public State {
 public:
  std::string_view entered_event() const override { return "MapStateEntered"; }
  std::string_view exited_event() const override { return "MapStateExited"; }
  void Parse(StateParser& parser) override;
  int ChildDepth() const override;
  void Run(StateRun& run) const override;
  void Resume(StateRun& run, Wakeup& wakeup) const override;

 private:
  struct Batcher {
    std::optional<int64_t> max_items;
    std::optional<JsonPath> max_items_path;
    std::optional<int64_t> max_bytes;
    std::optional<JsonPath> max_bytes_path;
    std::optional<PayloadTemplate> batch_input;
  };
  struct Writer {
    std::optional<PayloadTemplate> parameters;  // {"Bucket", "Prefix"}
  };

  void ParseDistributed(StateParser& parser);
  // Reading, iterating and writing results: the three phases of a run.
  void StartReading(StateRun& run, const boost::json::value& effective) const;
  void OnRead(StateRun& run, Wakeup& wakeup) const;
  void StartIterations(StateRun& run, boost::json::array items) const;
  void OnChildFailed(StateRun& run, Wakeup& wakeup) const;
  void OnChildrenDone(StateRun& run, Wakeup& wakeup) const;
  void StartWriting(StateRun& run, std::vector<ChildResult>& results) const;
  void OnWritten(StateRun& run, Wakeup& wakeup) const;
  void Finish(StateRun& run, boost::json::value result) const;
  void FailMap(StateRun& run, Status error) const;

  std::unique_ptr<StateGraph> processor_;
  bool distributed_ = false;
  std::optional<JsonPath> items_path_;
  std::optional<int64_t> max_concurrency_;
  std::optional<JsonPath> max_concurrency_path_;
  std::optional<int64_t> tolerated_count_;
  std::optional<JsonPath> tolerated_count_path_;
  std::optional<double> tolerated_percentage_;
  std::optional<JsonPath> tolerated_percentage_path_;
  std::string label_;
  std::optional<ItemReaderConfig> reader_;
  std::optional<Batcher> batcher_;
  std::optional<Writer> writer_;
};

}  // namespace sluice::states
