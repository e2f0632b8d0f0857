// Task: calls an integration (Glue jobs and SDK operations, S3, nested executions, activities)
// and places its result. TimeoutSeconds(Path) and HeartbeatSeconds(Path) bound it; Retry and
// Catch handle its errors. Events: TaskStateEntered, TaskScheduled, TaskStarted,
// [TaskSubmitted], TaskSucceeded | TaskFailed | TaskTimedOut, TaskStateExited — or the
// Activity* family for activities.
//
// Thread safety: immutable after parsing (see state.h).
#pragma once

#include <optional>

#include "states/integrations/resource.h"
#include "states/types/state.h"

namespace sluice::states {

class TaskState final : public State {
 public:
  std::string_view entered_event() const override { return "TaskStateEntered"; }
  std::string_view exited_event() const override { return "TaskStateExited"; }
  void Parse(StateParser& parser) override;
  void Run(StateRun& run) const override;
  void Resume(StateRun& run, Wakeup& wakeup) const override;

  const ResourceInfo& resource() const { return resource_; }

 private:
  bool is_activity() const { return resource_.kind == ResourceInfo::Kind::kActivity; }
  // Adds resourceType/resource to a Task* event's details.
  void AddResource(boost::json::object& details) const;
  Result<std::optional<int64_t>> Seconds(const std::optional<int64_t>& fixed, const std::optional<JsonPath>& path,
                                         const boost::json::value& input, StateRun& run,
                                         std::string_view field) const;

  ResourceInfo resource_;
  std::optional<int64_t> timeout_seconds_;
  std::optional<JsonPath> timeout_seconds_path_;
  std::optional<int64_t> heartbeat_seconds_;
  std::optional<JsonPath> heartbeat_seconds_path_;
};

}  // namespace sluice::states
