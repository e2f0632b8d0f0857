// A frame is one thread of control inside an execution: the top level, a Parallel branch or a
// Map iteration. It knows its graph, the state it is in, that state's raw input, and what it
// is waiting for. Frames are saved as snapshots (docs/formats/execution-history.md) so that a
// restarted server resumes every execution where its last durable transition left it.
//
// Thread safety: a Frame belongs to its execution's driver thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/asl/definition.h"
#include "states/types/state.h"
#include "states/types/state_run.h"

namespace sluice::states {

using FrameId = uint32_t;
inline constexpr FrameId kNoFrame = 0xffffffff;

// Persisted by name in snapshots; never rename.
enum class FramePhase : uint8_t {
  kPending,     // a Map iteration waiting for a MaxConcurrency slot
  kEnter,       // about to enter `state` with `input`
  kRetry,       // about to run `state` again (a retry's wait is over)
  kSleeping,    // waiting for `deadline` (Wait state or a retry's backoff)
  kTask,        // waiting for an integration
  kChildren,    // waiting for child frames (Parallel, Map)
  kSucceeded,   // finished: `output`
  kFailed,      // finished: `error`
  kAborted,     // stopped because a sibling failed or the execution stopped
};
std::string_view FramePhaseName(FramePhase phase);
std::optional<FramePhase> FramePhaseFromName(std::string_view name);

// A task in flight (phase kTask).
struct FrameTask {
  TaskRequest request;
  std::string token;                    // this attempt's task token
  std::string nonce;                    // distinguishes attempts; stale callbacks are ignored
  boost::json::value handle;            // what Submitted returned (.sync job run ids, ...)
  bool started = false;                 // Started was reported
  bool submitted = false;
  int64_t timeout_deadline = 0;         // wall micros; 0 = none
  int64_t heartbeat_deadline = 0;
};

struct Frame {
  FrameId id = 0;
  FrameId parent = kNoFrame;  // the frame whose Parallel/Map state runs this one
  size_t child_index = 0;
  const StateGraph* graph = nullptr;
  const State* state = nullptr;
  FramePhase phase = FramePhase::kEnter;
  boost::json::value input;
  boost::json::object scratch;
  boost::json::object variables;  // this frame's own scope; outer scopes belong to the parents
  int retry_count = 0;
  std::vector<int> retrier_attempts;
  int64_t entered_event_id = 0;
  int64_t entered_micros = 0;
  int64_t last_event_id = 0;  // previousEventId of this frame's next event
  int64_t deadline = 0;       // kSleeping: wall micros
  bool sleeping_for_retry = false;
  std::optional<FrameTask> task;
  uint64_t generation = 0;    // bumped whenever a wait ends, so stale timers are ignored

  // Children (phase kChildren).
  std::vector<FrameId> children;
  size_t next_child = 0;       // the next pending child to start
  size_t running_children = 0;
  size_t finished_children = 0;
  size_t max_concurrency = 0;  // 0: no limit
  bool map_iterations = false;
  size_t handled_failures = 0;  // child failures the state already saw (ContinueChildren)
  size_t failed_children = 0;   // recounted on restore, not saved
  bool children_done_sent = false;  // kChildrenDone is queued (not saved: re-sent after restart)

  // Outcome (finished frames).
  boost::json::value output;
  std::string error;
  std::string cause;
  bool has_error = true;
  bool has_cause = true;

  bool dirty = true;  // changed since its last snapshot
  bool finished() const {
    return phase == FramePhase::kSucceeded || phase == FramePhase::kFailed || phase == FramePhase::kAborted;
  }

  // The snapshot text of this frame.
  std::string Snapshot() const;
  // Rebuilds a frame from its snapshot against `definition`. DataLoss when it does not match.
  static Result<Frame> FromSnapshot(FrameId id, std::string_view text, const Definition& definition);
};

}  // namespace sluice::states
