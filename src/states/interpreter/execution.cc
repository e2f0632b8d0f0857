// The execution driver: see execution.h.
#include "states/interpreter/execution.h"

#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/clock.h"
#include "common/encoding.h"
#include "common/ids.h"
#include "common/json.h"
#include "states/asl/json_text.h"
#include "states/asl/state_error.h"
#include "states/integrations/resource.h"
#include "states/interpreter/task_token.h"
#include "states/types/registry.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr int kMaxInflightBatches = 8;  // journal back-pressure per execution

json::object EnteredDetails(const State& state, const json::value& input) {
  return json::object{{"name", state.name()}, {"input", JsonText(input)}, {"inputDetails", json::object{{"truncated", false}}}};
}

}  // namespace

struct Execution::Message {
  enum class Kind : uint8_t { kStart, kRestore, kRedrive, kTimer, kTaskTimer, kTask, kTasksDurable, kStop, kTimeout,
                              kDurable };
  Kind kind = Kind::kDurable;
  FrameId frame = 0;
  uint64_t generation = 0;
  std::string nonce;
  TaskEvent task;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::function<void(const Status&)> done;
  std::vector<FrameId> frames;
};

// The StateRun a state sees while it runs in a frame.
class FrameRun final : public StateRun {
 public:
  FrameRun(Execution& execution, Frame& frame, bool from_task)
      : execution_(execution), frame_(frame), from_task_(from_task) {}

  const json::value& input() const override { return frame_.input; }
  json::value TakeInput() override { return std::move(frame_.input); }
  json::object& scratch() override {
    execution_.MarkDirty(frame_);
    return frame_.scratch;
  }
  bool recording() const override { return execution_.recording(); }
  void Emit(std::string_view type, json::object details) override { execution_.Emit(&frame_, type, details); }
  int64_t NowMicros() const override { return execution_.Now(); }
  double time_scale() const override { return execution_.host_->time_scale(); }
  const std::string& region() const override { return execution_.info_.region; }

  const std::string& TaskToken() override {
    if (token_.empty()) {
      nonce_ = RandomHex(16);
      token_ = MakeTaskToken(execution_.info_.arn, frame_.id, nonce_);
    }
    return token_;
  }

  void SetVariables(json::object values) override {
    for (auto& member : values) variables_[member.key()] = std::move(member.value());
  }

  void Transition(const State* next, json::value output) override {
    execution_.ApplyVariables(frame_, variables_);
    execution_.LeaveState(frame_, next, std::move(output), variables_);
  }
  void Fail(Status error) override { execution_.HandleError(frame_, std::move(error), from_task_); }
  void SleepUntil(int64_t wall_micros) override { execution_.Sleep(frame_, wall_micros, /*for_retry=*/false); }
  void StartTask(TaskRequest request) override {
    TaskToken();
    execution_.BeginTask(frame_, std::move(request), token_, nonce_);
  }
  void StartChildren(ChildrenRequest request) override { execution_.StartChildren(frame_, std::move(request)); }
  void ContinueChildren() override { execution_.ContinueChildren(frame_); }

  const json::value& Context() override {
    if (!context_) {
      const ExecutionInfo& info = execution_.info_;
      json::object execution{{"Id", info.arn},
                             {"Input", info.input},
                             {"Name", info.name},
                             {"RoleArn", info.role_arn},
                             {"StartTime", FormatIso8601(info.start_micros)},
                             {"RedriveCount", execution_.redrive_count_}};
      if (execution_.redrive_micros_) execution["RedriveTime"] = FormatIso8601(*execution_.redrive_micros_);
      json::object context{
          {"Execution", std::move(execution)},
          {"State",
           json::object{{"EnteredTime", FormatIso8601(frame_.entered_micros)},
                        {"Name", frame_.state ? frame_.state->name() : ""},
                        {"RetryCount", frame_.retry_count}}},
          {"StateMachine", json::object{{"Id", info.machine_arn}, {"Name", info.machine_name}}}};
      if (frame_.state && frame_.state->type() == StateType::kTask) {
        context["Task"] = json::object{{"Token", frame_.task ? frame_.task->token : TaskToken()}};
      }
      context_ = json::value(std::move(context));
    }
    return *context_;
  }

  const json::value* Variable(std::string_view name) override { return execution_.LookupVariable(frame_, name); }

 private:
  Execution& execution_;
  Frame& frame_;
  bool from_task_;
  std::optional<json::value> context_;
  json::object variables_;
  std::string token_;
  std::string nonce_;
};

Execution::Execution(ExecutionInfo info, ExecutionHost* host, ExecutionLimits limits)
    : info_(std::move(info)), host_(host), limits_(limits) {}

Execution::~Execution() = default;

int64_t Execution::Now() const { return host_->clock().NowMicros(); }

ExecutionOutcome Execution::outcome() const {
  std::lock_guard lock(outcome_mutex_);
  return outcome_;
}

ExecutionOutcome Execution::WaitForEnd() {
  std::unique_lock lock(outcome_mutex_);
  ended_.wait(lock, [&] { return ended_visible_; });
  return outcome_;
}

// --- messages ---

void Execution::Post(Message message) {
  {
    std::lock_guard lock(inbox_mutex_);
    inbox_.push_back(std::move(message));
    if (driving_) return;
    driving_ = true;
  }
  auto self = shared_from_this();
  if (!host_->driver_pool().Submit([self] { self->Drive(); })) {
    std::lock_guard lock(inbox_mutex_);
    driving_ = false;  // shutting down
  }
}

void Execution::Start(std::optional<ExecutionRow> row, std::function<void(const Status&)> on_durable) {
  Message message;
  message.kind = Message::Kind::kStart;
  message.done = std::move(on_durable);
  pending_insert_ = std::move(row);
  Post(std::move(message));
}

void Execution::OnTimer(FrameId frame, uint64_t generation) {
  Message message;
  message.kind = Message::Kind::kTimer;
  message.frame = frame;
  message.generation = generation;
  Post(std::move(message));
}

void Execution::OnTaskEvent(FrameId frame, std::string nonce, TaskEvent event,
                            std::function<void(const Status&)> on_done) {
  Message message;
  message.kind = Message::Kind::kTask;
  message.frame = frame;
  message.nonce = std::move(nonce);
  message.task = std::move(event);
  message.done = std::move(on_done);
  Post(std::move(message));
}

void Execution::Stop(std::optional<std::string> error, std::optional<std::string> cause,
                     std::function<void(const Status&)> on_durable) {
  Message message;
  message.kind = Message::Kind::kStop;
  message.error = std::move(error);
  message.cause = std::move(cause);
  message.done = std::move(on_durable);
  Post(std::move(message));
}

void Execution::OnExecutionTimeout() {
  Message message;
  message.kind = Message::Kind::kTimeout;
  Post(std::move(message));
}

void Execution::Drive() {
  while (true) {
    std::vector<Message> messages;
    {
      std::lock_guard lock(inbox_mutex_);
      messages.swap(inbox_);
      bool blocked = inflight_batches_ >= kMaxInflightBatches;
      if (messages.empty() && (ready_.empty() || blocked)) {
        driving_ = false;
        return;
      }
    }
    for (auto& message : messages) HandleMessage(message);
    int budget = limits_.transitions_per_slice;
    while (!ready_.empty() && budget > 0) {
      {
        std::lock_guard lock(inbox_mutex_);
        if (inflight_batches_ >= kMaxInflightBatches) break;
      }
      ReadyItem item = std::move(ready_.front());
      ready_.pop_front();
      RunReady(item);
      --budget;
      if (recording() && ++transitions_since_handoff_ >= limits_.transitions_per_handoff) HandOff();
    }
    HandOff();
    if (budget <= 0 && !ready_.empty()) {
      // Let other executions have the thread; driving_ stays true so nothing else starts us.
      auto self = shared_from_this();
      if (host_->driver_pool().Submit([self] { self->Drive(); })) return;
    }
  }
}

void Execution::HandleMessage(Message& message) {
  switch (message.kind) {
    case Message::Kind::kStart: {
      redrive_count_ = 0;
      json::object details{{"input", info_.input_text},
                           {"inputDetails", json::object{{"truncated", false}}},
                           {"roleArn", info_.role_arn}};
      if (!info_.alias_arn.empty()) details["stateMachineAliasArn"] = info_.alias_arn;
      if (!info_.version_arn.empty()) details["stateMachineVersionArn"] = info_.version_arn;
      Emit(nullptr, "ExecutionStarted", details);
      Frame& root = NewFrame(kNoFrame, 0, &info_.definition->graph(), info_.input);
      root.state = root.graph->start();
      root.variables = info_.initial_variables;
      root.phase = FramePhase::kEnter;
      ready_.push_back({root.id, ReadyItem::Kind::kEnter, nullptr});
      ArmExecutionTimeout(info_.start_micros);
      HandOff(std::move(message.done));
      return;
    }
    case Message::Kind::kRestore:
    case Message::Kind::kRedrive: ResumeFrames(); return;
    case Message::Kind::kTimer: {
      Frame* frame = FindFrame(message.frame);
      if (!frame || frame->phase != FramePhase::kSleeping || frame->generation != message.generation) return;
      ++frame->generation;
      MarkDirty(*frame);
      if (frame->sleeping_for_retry) {
        frame->phase = FramePhase::kRetry;
        ready_.push_back({frame->id, ReadyItem::Kind::kRetry, nullptr});
      } else {
        auto wakeup = std::make_unique<Wakeup>();
        wakeup->kind = Wakeup::Kind::kTimer;
        ready_.push_back({frame->id, ReadyItem::Kind::kResume, std::move(wakeup)});
      }
      return;
    }
    case Message::Kind::kTaskTimer: {
      Frame* frame = FindFrame(message.frame);
      if (!frame || frame->phase != FramePhase::kTask || !frame->task || frame->generation != message.generation) return;
      int64_t now = Now();
      FrameTask& task = *frame->task;
      bool timed_out = task.timeout_deadline && now >= task.timeout_deadline;
      bool heartbeat = !timed_out && task.heartbeat_deadline && now >= task.heartbeat_deadline;
      if (!timed_out && !heartbeat) return;  // a heartbeat moved the deadline
      host_->CancelTask(*this, task);
      ++frame->generation;
      auto wakeup = std::make_unique<Wakeup>();
      wakeup->kind = Wakeup::Kind::kTaskTimedOut;
      wakeup->heartbeat = heartbeat;
      ready_.push_back({frame->id, ReadyItem::Kind::kResume, std::move(wakeup)});
      return;
    }
    case Message::Kind::kTask: HandleTaskEvent(message); return;
    case Message::Kind::kTasksDurable:
      for (FrameId id : message.frames) {
        Frame* frame = FindFrame(id);
        if (frame && frame->phase == FramePhase::kTask && frame->task && frame->task->nonce == message.nonce) {
          DispatchTask(*frame);
        } else if (frame && frame->phase == FramePhase::kTask && frame->task && message.nonce.empty()) {
          DispatchTask(*frame);
        }
      }
      return;
    case Message::Kind::kStop: {
      if (finished_) {
        if (message.done) message.done(Status::Ok());
        return;
      }
      AbortAll();
      json::object details;
      if (message.error) details["error"] = *message.error;
      if (message.cause) details["cause"] = *message.cause;
      EndExecution(ExecutionStatus::kAborted, std::nullopt, message.error, message.cause, "ExecutionAborted",
                   std::move(details), nullptr);
      HandOff(std::move(message.done));
      return;
    }
    case Message::Kind::kTimeout: {
      if (finished_) return;
      AbortAll();
      EndExecution(ExecutionStatus::kTimedOut, std::nullopt, std::string(errors::kTimeout), std::nullopt,
                   "ExecutionTimedOut", json::object{{"error", errors::kTimeout}}, nullptr);
      return;
    }
    case Message::Kind::kDurable: return;  // wakes the driver after back-pressure
  }
}

void Execution::HandleTaskEvent(Message& message) {
  Frame* frame = FindFrame(message.frame);
  if (!frame || frame->phase != FramePhase::kTask || !frame->task || frame->task->nonce != message.nonce) {
    if (message.done) message.done(AwsError("TaskTimedOut", 400, "Task Timed Out: 'Provided task does not exist anymore'"));
    return;
  }
  FrameTask& task = *frame->task;
  TaskEvent& event = message.task;
  auto wakeup = std::make_unique<Wakeup>();
  switch (event.kind) {
    case TaskEvent::Kind::kHeartbeat:
      if (task.request.heartbeat_seconds) {
        task.heartbeat_deadline = Now() + ScaledMicros(*task.request.heartbeat_seconds);
        ArmTaskTimer(*frame, task.heartbeat_deadline);
        MarkDirty(*frame);
      }
      if (message.done) message.done(Status::Ok());
      return;
    case TaskEvent::Kind::kStarted:
      if (task.started) return;
      task.started = true;
      if (task.request.heartbeat_seconds) {
        task.heartbeat_deadline = Now() + ScaledMicros(*task.request.heartbeat_seconds);
        ArmTaskTimer(*frame, task.heartbeat_deadline);
      }
      MarkDirty(*frame);
      wakeup->kind = Wakeup::Kind::kTaskStarted;
      wakeup->worker_name = std::move(event.worker_name);
      break;
    case TaskEvent::Kind::kSubmitted:
      task.submitted = true;
      task.handle = event.value;
      MarkDirty(*frame);
      wakeup->kind = Wakeup::Kind::kTaskSubmitted;
      wakeup->value = std::move(event.value);
      break;
    case TaskEvent::Kind::kSucceeded:
      ++frame->generation;  // the timeout and heartbeat timers no longer matter
      if (JsonTextSize(event.value) > limits_.max_payload_bytes) {
        wakeup->kind = Wakeup::Kind::kTaskFailed;
        wakeup->error = StateError(errors::kDataLimitExceeded,
                                   fmt::format("The state/task '{}' returned a result with a size exceeding the "
                                               "maximum number of bytes service limit.",
                                               task.request.resource));
      } else {
        wakeup->kind = Wakeup::Kind::kTaskSucceeded;
        if (info_.single_step) task_result_ = event.value;
        wakeup->value = std::move(event.value);
      }
      break;
    case TaskEvent::Kind::kFailed: {
      ++frame->generation;
      Status error = StateError(event.has_error ? event.error : "", event.cause);
      if (!event.has_cause) error = error.WithDetail("no_cause", "true");
      wakeup->kind = Wakeup::Kind::kTaskFailed;
      wakeup->error = std::move(error);
      break;
    }
  }
  if (message.done) durable_callbacks_.push_back(std::move(message.done));
  ready_.push_back({frame->id, ReadyItem::Kind::kResume, std::move(wakeup)});
}

// --- running frames ---

Frame* Execution::FindFrame(FrameId id) {
  auto it = frames_.find(id);
  return it == frames_.end() ? nullptr : it->second.get();
}

void Execution::MarkDirty(Frame& frame) {
  if (!recording() || frame.dirty) return;
  frame.dirty = true;
  dirty_frames_.push_back(frame.id);
}

Frame& Execution::NewFrame(FrameId parent, size_t index, const StateGraph* graph, json::value input) {
  auto frame = std::make_unique<Frame>();
  frame->id = next_frame_id_++;
  frame->parent = parent;
  frame->child_index = index;
  frame->graph = graph;
  frame->input = std::move(input);
  frame->dirty = false;
  Frame& ref = *frame;
  frames_[ref.id] = std::move(frame);
  MarkDirty(ref);
  return ref;
}

void Execution::RunReady(ReadyItem& item) {
  Frame* frame = FindFrame(item.frame);
  if (!frame || frame->finished() || finished_) return;
  switch (item.kind) {
    case ReadyItem::Kind::kEnter: EnterState(*frame); break;
    case ReadyItem::Kind::kRetry: RunState(*frame, nullptr); break;
    case ReadyItem::Kind::kResume: RunState(*frame, item.wakeup.get()); break;
  }
  if (recording() && !finished_ && next_event_id_ > limits_.max_events) {
    AbortAll();
    std::string cause = fmt::format("The execution reached the maximum number of history events ({}).",
                                    limits_.max_events);
    EndExecution(ExecutionStatus::kFailed, std::nullopt, std::string(errors::kRuntime), cause, "ExecutionFailed",
                 json::object{{"error", errors::kRuntime}, {"cause", cause}}, nullptr);
  }
}

void Execution::EnterState(Frame& frame) {
  const State& state = *frame.state;
  if (IsExternalState(&state)) {
    frame.scratch["next_state"] = state.name();
    FinishFrame(frame, std::move(frame.input));
    return;
  }
  transitions_.fetch_add(1, std::memory_order_relaxed);
  frame.entered_micros = Now();
  frame.retry_count = 0;
  frame.retrier_attempts.assign(state.retriers().size(), 0);
  frame.scratch.clear();
  frame.task.reset();
  frame.phase = FramePhase::kEnter;
  if (recording()) {
    frame.entered_event_id = Emit(&frame, state.entered_event(), EnteredDetails(state, frame.input));
    MarkDirty(frame);
  } else {
    frame.entered_event_id = next_event_id_++;
  }
  RunState(frame, nullptr);
}

void Execution::RunState(Frame& frame, Wakeup* wakeup) {
  bool from_task = wakeup && (wakeup->kind == Wakeup::Kind::kTaskFailed || wakeup->kind == Wakeup::Kind::kTaskTimedOut);
  FrameRun run(*this, frame, from_task);
  if (wakeup) {
    frame.state->Resume(run, *wakeup);
  } else {
    frame.phase = FramePhase::kEnter;
    frame.state->Run(run);
  }
}

void Execution::ApplyVariables(Frame& frame, const json::object& values) {
  if (values.empty()) return;
  for (const auto& member : values) frame.variables[member.key()] = member.value();
  MarkDirty(frame);
}

const json::value* Execution::LookupVariable(const Frame& frame, std::string_view name) const {
  const Frame* current = &frame;
  while (current) {
    auto it = current->variables.find(name);
    if (it != current->variables.end()) return &it->value();
    if (current->parent == kNoFrame) return nullptr;
    auto parent = frames_.find(current->parent);
    current = parent == frames_.end() ? nullptr : parent->second.get();
  }
  return nullptr;
}

void Execution::LeaveState(Frame& frame, const State* next, json::value output, const json::object& assigned) {
  const State& state = *frame.state;
  if (!frame.children.empty()) ReleaseChildren(frame);
  if (recording()) {
    std::string text = JsonText(output);
    if (text.size() > limits_.max_payload_bytes) {
      return HandleError(frame,
                         StateError(errors::kDataLimitExceeded,
                                    fmt::format("The state/task '{}' returned a result with a size exceeding the "
                                                "maximum number of bytes service limit.",
                                                state.name())),
                         false);
    }
    if (!state.exited_event().empty()) {
      json::object details{{"name", state.name()}, {"output", std::move(text)},
                           {"outputDetails", json::object{{"truncated", false}}}};
      if (!assigned.empty()) {
        json::object variables;
        for (const auto& member : assigned) variables[member.key()] = JsonText(member.value());
        details["assignedVariables"] = std::move(variables);
        details["assignedVariablesDetails"] = json::object{{"truncated", false}};
      }
      Emit(&frame, state.exited_event(), details);
    }
  } else if (!state.exited_event().empty()) {
    ++next_event_id_;
  }
  frame.task.reset();
  bool stop_here = info_.single_step && frame.parent == kNoFrame;
  if (!next || IsExternalState(next) || stop_here) {
    if (next && frame.parent == kNoFrame) next_state_ = next->name();
    FinishFrame(frame, std::move(output));
    return;
  }
  frame.state = next;
  frame.input = std::move(output);
  frame.phase = FramePhase::kEnter;
  MarkDirty(frame);
  ready_.push_back({frame.id, ReadyItem::Kind::kEnter, nullptr});
}

void Execution::HandleError(Frame& frame, Status error, bool from_task) {
  const State& state = *frame.state;
  if (frame.phase == FramePhase::kChildren) AbortChildren(frame);
  std::string name = ErrorNameOf(error);
  bool heartbeat = false;
  bool has_cause = HasCause(error);
  for (const auto& [key, value] : error.details()) heartbeat = heartbeat || key == "heartbeat";
  std::string cause = error.message();
  if (name == errors::kRuntime && !from_task) {
    cause = fmt::format("An error occurred while executing the state '{}' (entered at the event id #{}). {}",
                        state.name(), frame.entered_event_id, cause);
    has_cause = true;
  }
  const auto& retriers = state.retriers();
  for (size_t i = 0; i < retriers.size(); ++i) {
    if (!retriers[i].Matches(name, heartbeat)) continue;
    if (frame.retrier_attempts.size() < retriers.size()) frame.retrier_attempts.resize(retriers.size(), 0);
    int attempts = frame.retrier_attempts[i];
    if (attempts < retriers[i].max_attempts && info_.single_step && frame.parent == kNoFrame) {
      test_status_ = "RETRIABLE";
      Status final = StateError(name, cause);
      if (!has_cause) final = final.WithDetail("no_cause", "true");
      return FailFrame(frame, final);
    }
    if (attempts < retriers[i].max_attempts) {
      double delay = retriers[i].DelaySeconds(attempts);
      if (retriers[i].full_jitter) {
        static thread_local std::mt19937_64 random(std::random_device{}());
        delay *= std::uniform_real_distribution<double>(0.0, 1.0)(random);
      }
      frame.retrier_attempts[i] = attempts + 1;
      ++frame.retry_count;
      Sleep(frame, Now() + static_cast<int64_t>(delay * 1e6 / host_->time_scale()), /*for_retry=*/true);
      return;
    }
    break;  // the first matching retrier decides; it is exhausted
  }
  for (const auto& catcher : state.catchers()) {
    if (!catcher.Matches(name, heartbeat)) continue;
    if (info_.single_step && frame.parent == kNoFrame) test_status_ = "CAUGHT_ERROR";
    json::object error_output{{"Error", name}, {"Cause", has_cause ? cause : std::string()}};
    json::value error_value(std::move(error_output));
    json::object assigned;
    if (catcher.assign) {
      FrameRun run(*this, frame, from_task);
      auto values = catcher.assign->Evaluate(error_value, run);
      if (!values.ok()) return FailFrame(frame, values.status());
      if (values->is_object()) assigned = std::move(values->get_object());
    }
    json::value output;
    if (catcher.discard_result) {
      output = std::move(frame.input);
    } else if (catcher.result_path && !catcher.result_path->is_root()) {
      output = std::move(frame.input);
      Status placed = catcher.result_path->Assign(output, std::move(error_value));
      if (!placed.ok()) return FailFrame(frame, StateError(errors::kResultPathMatchFailure, placed.message()));
    } else {
      output = std::move(error_value);
    }
    ApplyVariables(frame, assigned);
    LeaveState(frame, catcher.next, std::move(output), assigned);
    return;
  }
  Status final = StateError(name, cause);
  if (!has_cause) final = final.WithDetail("no_cause", "true");
  FailFrame(frame, final);
}

void Execution::FinishFrame(Frame& frame, json::value output) {
  frame.phase = FramePhase::kSucceeded;
  frame.output = std::move(output);
  MarkDirty(frame);
  if (frame.parent == kNoFrame) {
    std::string text = JsonText(frame.output);
    json::object details{{"output", text}, {"outputDetails", json::object{{"truncated", false}}}};
    EndExecution(ExecutionStatus::kSucceeded, std::move(text), std::nullopt, std::nullopt, "ExecutionSucceeded",
                 std::move(details), &frame);
    return;
  }
  ChildEnded(frame);
}

void Execution::FailFrame(Frame& frame, const Status& error) {
  frame.phase = FramePhase::kFailed;
  std::string name = ErrorNameOf(error);
  frame.error = name;
  frame.has_error = !name.empty();
  frame.cause = error.message();
  frame.has_cause = HasCause(error);
  MarkDirty(frame);
  if (frame.parent == kNoFrame) {
    json::object details;
    if (frame.has_error) details["error"] = frame.error;
    if (frame.has_cause) details["cause"] = frame.cause;
    EndExecution(ExecutionStatus::kFailed, std::nullopt,
                 frame.has_error ? std::optional<std::string>(frame.error) : std::nullopt,
                 frame.has_cause ? std::optional<std::string>(frame.cause) : std::nullopt, "ExecutionFailed",
                 std::move(details), &frame);
    return;
  }
  ChildEnded(frame);
}

// --- children ---

void Execution::StartChildren(Frame& parent, ChildrenRequest request) {
  parent.phase = FramePhase::kChildren;
  parent.children.clear();
  parent.next_child = 0;
  parent.running_children = 0;
  parent.finished_children = 0;
  parent.failed_children = 0;
  parent.handled_failures = 0;
  parent.children_done_sent = false;
  parent.max_concurrency = request.max_concurrency;
  parent.map_iterations = request.map_iterations;
  MarkDirty(parent);
  for (size_t i = 0; i < request.children.size(); ++i) {
    Frame& child = NewFrame(parent.id, i, request.children[i].graph, std::move(request.children[i].input));
    child.phase = FramePhase::kPending;
    parent.children.push_back(child.id);
  }
  StartPendingChildren(parent);
  MaybeCompleteChildren(parent);
}

void Execution::StartPendingChildren(Frame& parent) {
  while (parent.next_child < parent.children.size() &&
         (parent.max_concurrency == 0 || parent.running_children < parent.max_concurrency)) {
    Frame* child = FindFrame(parent.children[parent.next_child++]);
    if (!child) continue;
    child->state = child->graph->start();
    child->phase = FramePhase::kEnter;
    if (parent.map_iterations) {
      child->last_event_id =
          recording() ? Emit(&parent, "MapIterationStarted",
                             json::object{{"name", parent.state->name()},
                                          {"index", static_cast<int64_t>(child->child_index)}})
                      : next_event_id_++;
    } else {
      child->last_event_id = parent.last_event_id;
    }
    ++parent.running_children;
    MarkDirty(*child);
    MarkDirty(parent);
    ready_.push_back({child->id, ReadyItem::Kind::kEnter, nullptr});
  }
}

void Execution::ChildEnded(Frame& child) {
  Frame* parent = FindFrame(child.parent);
  if (!parent || parent->phase != FramePhase::kChildren) return;
  --parent->running_children;
  ++parent->finished_children;
  parent->last_event_id = std::max(parent->last_event_id, child.last_event_id);
  MarkDirty(*parent);
  bool succeeded = child.phase == FramePhase::kSucceeded;
  if (parent->map_iterations && recording()) {
    Emit(&child, succeeded ? "MapIterationSucceeded" : "MapIterationFailed",
         json::object{{"name", parent->state->name()}, {"index", static_cast<int64_t>(child.child_index)}});
    parent->last_event_id = std::max(parent->last_event_id, child.last_event_id);
  }
  if (!succeeded) {
    ++parent->failed_children;
    auto wakeup = std::make_unique<Wakeup>();
    wakeup->kind = Wakeup::Kind::kChildFailed;
    wakeup->index = child.child_index;
    Status error = StateError(child.has_error ? child.error : "", child.cause);
    if (!child.has_cause) error = error.WithDetail("no_cause", "true");
    wakeup->error = std::move(error);
    ready_.push_back({parent->id, ReadyItem::Kind::kResume, std::move(wakeup)});
    return;
  }
  StartPendingChildren(*parent);
  MaybeCompleteChildren(*parent);
}

void Execution::ContinueChildren(Frame& parent) {
  ++parent.handled_failures;
  MarkDirty(parent);
  StartPendingChildren(parent);
  MaybeCompleteChildren(parent);
}

void Execution::MaybeCompleteChildren(Frame& parent) {
  if (parent.phase != FramePhase::kChildren || parent.children_done_sent) return;
  if (parent.next_child < parent.children.size() || parent.finished_children < parent.children.size()) return;
  if (parent.handled_failures < parent.failed_children) return;
  auto wakeup = std::make_unique<Wakeup>();
  wakeup->kind = Wakeup::Kind::kChildrenDone;
  wakeup->results.reserve(parent.children.size());
  for (FrameId id : parent.children) {
    Frame* child = FindFrame(id);
    ChildResult result;
    if (child && child->phase == FramePhase::kSucceeded) {
      result.succeeded = true;
      result.output = child->output;
    } else if (child) {
      result.output = json::object{{"Error", child->error}, {"Cause", child->cause}};
    }
    wakeup->results.push_back(std::move(result));
  }
  // The children stay (and stay saved) until the parent leaves its state, so that a restart
  // before then hands the parent the same results again.
  parent.children_done_sent = true;
  ready_.push_back({parent.id, ReadyItem::Kind::kResume, std::move(wakeup)});
}

void Execution::ReleaseChildren(Frame& parent) {
  for (FrameId id : parent.children) DeleteFrame(id);
  parent.children.clear();
  parent.running_children = parent.finished_children = parent.failed_children = 0;
  parent.children_done_sent = false;
  MarkDirty(parent);
}

void Execution::DeleteFrame(FrameId id) {
  auto it = frames_.find(id);
  if (it == frames_.end()) return;
  Frame& frame = *it->second;
  if (frame.phase == FramePhase::kChildren) {
    for (FrameId child : frame.children) DeleteFrame(child);
  }
  if (recording()) deleted_frames_.push_back(id);
  frames_.erase(it);
}

void Execution::AbortFrame(Frame& frame) {
  if (frame.finished()) return;
  if (frame.phase == FramePhase::kChildren) AbortChildren(frame);
  if (frame.phase == FramePhase::kTask && frame.task) host_->CancelTask(*this, *frame.task);
  ++frame.generation;
  frame.phase = FramePhase::kAborted;
  MarkDirty(frame);
}

void Execution::AbortChildren(Frame& parent) {
  for (FrameId id : parent.children) {
    Frame* child = FindFrame(id);
    if (!child) continue;
    bool was_running = !child->finished() && child->phase != FramePhase::kPending;
    AbortFrame(*child);
    if (was_running && parent.map_iterations && recording()) {
      Emit(&parent, "MapIterationAborted",
           json::object{{"name", parent.state->name()}, {"index", static_cast<int64_t>(child->child_index)}});
    }
  }
  ReleaseChildren(parent);
}

void Execution::AbortAll() {
  if (Frame* root = FindFrame(0)) AbortFrame(*root);
  ready_.clear();
}

// --- waiting ---

int64_t Execution::ScaledMicros(int64_t seconds) const {
  return static_cast<int64_t>(static_cast<double>(seconds) * 1e6 / host_->time_scale());
}

void Execution::Sleep(Frame& frame, int64_t deadline, bool for_retry) {
  if (info_.single_step) deadline = Now();  // TestState does not wait
  frame.phase = FramePhase::kSleeping;
  frame.deadline = deadline;
  frame.sleeping_for_retry = for_retry;
  ++frame.generation;
  MarkDirty(frame);
  ArmTimer(frame, deadline);
}

void Execution::ArmTimer(Frame& frame, int64_t deadline) {
  std::weak_ptr<Execution> weak = weak_from_this();
  FrameId id = frame.id;
  uint64_t generation = frame.generation;
  host_->timers().After(std::max<int64_t>(0, deadline - Now()), [weak, id, generation] {
    if (auto self = weak.lock()) self->OnTimer(id, generation);
  });
}

void Execution::ArmTaskTimer(Frame& frame, int64_t deadline) {
  std::weak_ptr<Execution> weak = weak_from_this();
  FrameId id = frame.id;
  uint64_t generation = frame.generation;
  host_->timers().After(std::max<int64_t>(0, deadline - Now()), [weak, id, generation] {
    if (auto self = weak.lock()) {
      Message message;
      message.kind = Message::Kind::kTaskTimer;
      message.frame = id;
      message.generation = generation;
      self->Post(std::move(message));
    }
  });
}

void Execution::ArmExecutionTimeout(int64_t from_micros) {
  auto timeout = info_.definition->timeout_seconds();
  if (!timeout || *timeout <= 0) return;
  std::weak_ptr<Execution> weak = weak_from_this();
  int64_t deadline = from_micros + ScaledMicros(*timeout);
  host_->timers().After(std::max<int64_t>(0, deadline - Now()), [weak] {
    if (auto self = weak.lock()) self->OnExecutionTimeout();
  });
}

// --- tasks ---

void Execution::BeginTask(Frame& frame, TaskRequest request, const std::string& token, const std::string& nonce) {
  FrameTask task;
  task.request = std::move(request);
  task.token = token;
  task.nonce = nonce;
  if (task.request.timeout_seconds) task.timeout_deadline = Now() + ScaledMicros(*task.request.timeout_seconds);
  frame.phase = FramePhase::kTask;
  frame.task = std::move(task);
  ++frame.generation;
  MarkDirty(frame);
  if (frame.task->timeout_deadline) ArmTaskTimer(frame, frame.task->timeout_deadline);
  if (info_.single_step && (info_.mock_result || info_.mock_error)) {
    TaskEvent event;
    if (info_.mock_result) {
      event.kind = TaskEvent::Kind::kSucceeded;
      event.value = *info_.mock_result;
    } else {
      event.kind = TaskEvent::Kind::kFailed;
      event.error = info_.mock_error->first;
      event.cause = info_.mock_error->second;
    }
    OnTaskEvent(frame.id, nonce, std::move(event), nullptr);
    return;
  }
  if (!recording()) {
    DispatchTask(frame);
    return;
  }
  // The task leaves the process only once the transition that scheduled it is durable.
  std::weak_ptr<Execution> weak = weak_from_this();
  FrameId id = frame.id;
  HandOff([weak, id, nonce](const Status& status) {
    auto self = weak.lock();
    if (!self || !status.ok()) return;
    Message message;
    message.kind = Message::Kind::kTasksDurable;
    message.frames = {id};
    message.nonce = nonce;
    self->Post(std::move(message));
  });
}

void Execution::DispatchTask(Frame& frame) { host_->StartTask(shared_from_this(), frame.id, *frame.task); }

// --- ending ---

void Execution::EndExecution(ExecutionStatus status, std::optional<std::string> output,
                             std::optional<std::string> error, std::optional<std::string> cause,
                             std::string_view event_type, json::object details, Frame* chain) {
  if (finished_) return;
  finished_ = true;
  if (recording()) {
    Emit(chain, event_type, details);
  }
  ready_.clear();
  for (auto& [id, frame] : frames_) {
    if (frame->phase == FramePhase::kTask && frame->task) host_->CancelTask(*this, *frame->task);
    ++frame->generation;
  }
  ExecutionOutcome outcome;
  {
    std::lock_guard lock(outcome_mutex_);
    outcome_.status = status;
    outcome_.output = std::move(output);
    outcome_.error = std::move(error);
    outcome_.cause = std::move(cause);
    outcome_.stop_micros = Now();
    outcome_.redrive_count = redrive_count_;
    outcome_.redrive_micros = redrive_micros_;
    if (info_.single_step) {
      outcome_.next_state = next_state_;
      outcome_.test_status = !test_status_.empty() ? test_status_
                             : status == ExecutionStatus::kSucceeded ? "SUCCEEDED"
                                                                     : "FAILED";
      outcome_.task_result = task_result_;
      if (Frame* root = FindFrame(0)) outcome_.variables = root->variables;
    }
    outcome = outcome_;
  }
  row_dirty_ = true;
  final_pending_ = true;
  if (status == ExecutionStatus::kSucceeded) {
    // Nothing is left to resume or redrive.
    for (auto& [id, frame] : frames_) {
      if (recording()) deleted_frames_.push_back(id);
    }
    frames_.clear();
    dirty_frames_.clear();
  }
  if (!recording()) Finished();
}

void Execution::Finished() {
  {
    std::lock_guard lock(outcome_mutex_);
    ended_visible_ = true;
  }
  ended_.notify_all();
  host_->ExecutionFinished(shared_from_this());
}

// --- history and journal ---

int64_t Execution::Emit(Frame* frame, std::string_view type, const json::object& details) {
  int64_t id = next_event_id_++;
  int64_t previous = frame ? frame->last_event_id : 0;
  if (frame) {
    frame->last_event_id = id;
    MarkDirty(*frame);
  }
  if (recording()) {
    pending_events_.push_back({id, previous, Now(), std::string(type), details.empty() ? "" : JsonText(details)});
  }
  return id;
}

void Execution::HandOff(std::function<void(const Status&)> on_durable) {
  transitions_since_handoff_ = 0;
  if (on_durable) durable_callbacks_.push_back(std::move(on_durable));
  if (!recording()) {
    for (auto& callback : durable_callbacks_) callback(Status::Ok());
    durable_callbacks_.clear();
    return;
  }
  bool final = final_pending_;
  if (pending_events_.empty() && dirty_frames_.empty() && deleted_frames_.empty() && !row_dirty_ &&
      !pending_insert_ && durable_callbacks_.empty()) {
    return;
  }
  JournalBatch batch;
  batch.execution_id = info_.id;
  batch.insert = std::move(pending_insert_);
  pending_insert_.reset();
  batch.events = std::move(pending_events_);
  pending_events_.clear();
  batch.deleted_frames = std::move(deleted_frames_);
  deleted_frames_.clear();
  for (FrameId id : dirty_frames_) {
    Frame* frame = FindFrame(id);
    if (!frame) continue;
    frame->dirty = false;
    batch.frames.emplace_back(id, frame->Snapshot());
  }
  dirty_frames_.clear();
  if (row_dirty_) {
    ExecutionOutcome outcome = this->outcome();
    ExecutionUpdate update;
    update.status = outcome.status;
    update.output = outcome.output;
    update.error = outcome.error;
    update.cause = outcome.cause;
    if (outcome.status != ExecutionStatus::kRunning) update.stop_micros = outcome.stop_micros;
    update.redrive_count = redrive_count_;
    update.redrive_micros = redrive_micros_;
    batch.update = std::move(update);
    row_dirty_ = false;
  }
  batch.next_event_id = next_event_id_;
  final_pending_ = false;
  auto callbacks = std::move(durable_callbacks_);
  durable_callbacks_.clear();
  {
    std::lock_guard lock(inbox_mutex_);
    ++inflight_batches_;
  }
  std::weak_ptr<Execution> weak = weak_from_this();
  auto self = final ? shared_from_this() : nullptr;  // keep alive until the end is durable
  batch.on_durable = [weak, self, final, callbacks = std::move(callbacks)](const Status& status) {
    for (const auto& callback : callbacks) callback(status);
    auto execution = self ? self : weak.lock();
    if (!execution) return;
    bool wake;
    {
      std::lock_guard lock(execution->inbox_mutex_);
      wake = execution->inflight_batches_-- == kMaxInflightBatches;
    }
    if (final) execution->Finished();
    if (wake) {
      Message message;
      message.kind = Message::Kind::kDurable;
      execution->Post(std::move(message));
    }
  };
  host_->journal()->Submit(std::move(batch));
}

// --- restore and redrive ---

Status Execution::Restore(std::vector<Frame> frames, int64_t next_event_id, const ExecutionOutcome& outcome) {
  for (auto& frame : frames) {
    next_frame_id_ = std::max(next_frame_id_, frame.id + 1);
    frames_[frame.id] = std::make_unique<Frame>(std::move(frame));
  }
  if (!frames_.contains(0)) return DataLoss(fmt::format("execution {} has no top-level frame", info_.arn));
  next_event_id_ = next_event_id;
  redrive_count_ = outcome.redrive_count;
  redrive_micros_ = outcome.redrive_micros;
  RecountChildren();
  Message message;
  message.kind = Message::Kind::kRestore;
  Post(std::move(message));
  return Status::Ok();
}

void Execution::RecountChildren() {
  for (auto& [id, frame] : frames_) {
    if (frame->phase != FramePhase::kChildren) continue;
    frame->running_children = 0;
    frame->finished_children = 0;
    frame->failed_children = 0;
    for (size_t i = 0; i < frame->children.size(); ++i) {
      Frame* child = FindFrame(frame->children[i]);
      if (!child) continue;
      if (child->finished()) {
        ++frame->finished_children;
        if (child->phase != FramePhase::kSucceeded) ++frame->failed_children;
      } else if (child->phase != FramePhase::kPending) {
        ++frame->running_children;
      }
    }
  }
}

void Execution::ResumeFrames() {
  ArmExecutionTimeout(redrive_micros_.value_or(info_.start_micros));
  for (auto& [id, owned] : frames_) {
    Frame& frame = *owned;
    switch (frame.phase) {
      case FramePhase::kEnter: ready_.push_back({id, ReadyItem::Kind::kEnter, nullptr}); break;
      case FramePhase::kRetry: ready_.push_back({id, ReadyItem::Kind::kRetry, nullptr}); break;
      case FramePhase::kSleeping: ArmTimer(frame, frame.deadline); break;
      case FramePhase::kTask: {
        FrameTask& task = *frame.task;
        if (task.timeout_deadline) ArmTaskTimer(frame, task.timeout_deadline);
        if (task.heartbeat_deadline) ArmTaskTimer(frame, task.heartbeat_deadline);
        auto resource = ParseResource(task.request.resource);
        bool callback_waiting =
            resource && task.submitted && resource->pattern == IntegrationPattern::kCallback;
        // In-flight tasks start again (at least once); a .sync task resumes with its handle;
        // a callback task whose request went out waits for its token.
        if (!callback_waiting) DispatchTask(frame);
        break;
      }
      case FramePhase::kChildren: {
        if (frame.failed_children > frame.handled_failures) {
          for (FrameId child_id : frame.children) {
            Frame* child = FindFrame(child_id);
            if (!child || !child->finished() || child->phase == FramePhase::kSucceeded) continue;
            auto wakeup = std::make_unique<Wakeup>();
            wakeup->kind = Wakeup::Kind::kChildFailed;
            wakeup->index = child->child_index;
            wakeup->error = StateError(child->error, child->cause);
            ready_.push_back({id, ReadyItem::Kind::kResume, std::move(wakeup)});
            break;
          }
        } else {
          StartPendingChildren(frame);
          MaybeCompleteChildren(frame);
        }
        break;
      }
      default: break;
    }
  }
}

Status Execution::Redrive(std::vector<Frame> frames, int64_t next_event_id, const ExecutionOutcome& outcome,
                          std::function<void(const Status&)> on_durable) {
  // Every frame that failed or was aborted re-enters the state it stopped in; finished
  // children are dropped (their Parallel/Map state runs again from its entry).
  for (auto& frame : frames) {
    next_frame_id_ = std::max(next_frame_id_, frame.id + 1);
    frames_[frame.id] = std::make_unique<Frame>(std::move(frame));
  }
  Frame* root = FindFrame(0);
  if (!root || !root->state) return FailedPrecondition("the execution has nothing to redrive");
  for (auto it = frames_.begin(); it != frames_.end();) {
    if (it->first != 0) {
      deleted_frames_.push_back(it->first);
      it = frames_.erase(it);
    } else {
      ++it;
    }
  }
  root->phase = FramePhase::kEnter;
  root->children.clear();
  root->task.reset();
  root->scratch.clear();
  root->dirty = false;
  MarkDirty(*root);
  next_event_id_ = next_event_id;
  redrive_count_ = outcome.redrive_count + 1;
  redrive_micros_ = Now();
  {
    std::lock_guard lock(outcome_mutex_);
    outcome_ = ExecutionOutcome{};
    outcome_.redrive_count = redrive_count_;
    outcome_.redrive_micros = redrive_micros_;
  }
  Emit(nullptr, "ExecutionRedriven", json::object{{"redriveCount", redrive_count_}});
  row_dirty_ = true;
  durable_callbacks_.push_back(std::move(on_durable));
  Message message;
  message.kind = Message::Kind::kRedrive;
  Post(std::move(message));
  return Status::Ok();
}

}  // namespace sluice::states
