// Frame snapshots: see frame.h and docs/formats/execution-history.md.
#include "states/interpreter/frame.h"

#include <array>

#include <fmt/format.h>

#include "common/json.h"
#include "states/asl/json_text.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr std::array<std::pair<FramePhase, std::string_view>, 9> kPhaseNames = {{
    {FramePhase::kPending, "pending"},
    {FramePhase::kEnter, "enter"},
    {FramePhase::kRetry, "retry"},
    {FramePhase::kSleeping, "sleeping"},
    {FramePhase::kTask, "task"},
    {FramePhase::kChildren, "children"},
    {FramePhase::kSucceeded, "succeeded"},
    {FramePhase::kFailed, "failed"},
    {FramePhase::kAborted, "aborted"},
}};

int64_t IntOr(const json::object& object, std::string_view key, int64_t fallback) {
  return GetInt(object, key).value_or(fallback);
}

}  // namespace

std::string_view FramePhaseName(FramePhase phase) {
  for (const auto& [value, name] : kPhaseNames) {
    if (value == phase) return name;
  }
  return "enter";
}

std::optional<FramePhase> FramePhaseFromName(std::string_view name) {
  for (const auto& [value, text] : kPhaseNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string Frame::Snapshot() const {
  json::object out;
  out["phase"] = FramePhaseName(phase);
  out["graph"] = graph ? graph->id() : 0;
  if (state) out["state"] = state->name();
  if (parent != kNoFrame) {
    out["parent"] = parent;
    out["index"] = static_cast<int64_t>(child_index);
  }
  if (!finished()) out["input"] = input;
  if (!scratch.empty()) out["scratch"] = scratch;
  if (!variables.empty()) out["variables"] = variables;
  if (retry_count) out["retry_count"] = retry_count;
  if (!retrier_attempts.empty()) {
    json::array attempts;
    for (int a : retrier_attempts) attempts.push_back(a);
    out["retrier_attempts"] = std::move(attempts);
  }
  out["entered_event"] = entered_event_id;
  out["entered_micros"] = entered_micros;
  out["last_event"] = last_event_id;
  if (phase == FramePhase::kSleeping) {
    out["deadline"] = deadline;
    if (sleeping_for_retry) out["retry_wait"] = true;
  }
  if (task) {
    json::object t;
    t["resource"] = task->request.resource;
    t["parameters"] = task->request.parameters;
    if (task->request.timeout_seconds) t["timeout_seconds"] = *task->request.timeout_seconds;
    if (task->request.heartbeat_seconds) t["heartbeat_seconds"] = *task->request.heartbeat_seconds;
    t["token"] = task->token;
    t["nonce"] = task->nonce;
    if (!task->handle.is_null()) t["handle"] = task->handle;
    if (task->started) t["started"] = true;
    if (task->submitted) t["submitted"] = true;
    if (task->timeout_deadline) t["timeout_deadline"] = task->timeout_deadline;
    if (task->heartbeat_deadline) t["heartbeat_deadline"] = task->heartbeat_deadline;
    out["task"] = std::move(t);
  }
  if (phase == FramePhase::kChildren) {
    json::array ids;
    for (FrameId child : children) ids.push_back(child);
    out["children"] = std::move(ids);
    out["next_child"] = static_cast<int64_t>(next_child);
    out["max_concurrency"] = static_cast<int64_t>(max_concurrency);
    if (map_iterations) out["map_iterations"] = true;
    if (handled_failures) out["handled_failures"] = static_cast<int64_t>(handled_failures);
  }
  if (phase == FramePhase::kSucceeded) out["output"] = output;
  if (phase == FramePhase::kFailed || phase == FramePhase::kAborted) {
    if (has_error) out["error"] = error;
    if (has_cause) out["cause"] = cause;
  }
  return JsonText(out);
}

Result<Frame> Frame::FromSnapshot(FrameId id, std::string_view text, const Definition& definition) {
  auto parsed = ParseJson(text);
  if (!parsed.ok() || !parsed->is_object()) return DataLoss(fmt::format("frame {}: unreadable snapshot", id));
  const json::object& in = parsed->get_object();
  Frame frame;
  frame.id = id;
  auto phase = FramePhaseFromName(GetString(in, "phase").value_or(""));
  if (!phase) return DataLoss(fmt::format("frame {}: unknown phase", id));
  frame.phase = *phase;
  frame.graph = definition.GraphById(static_cast<int>(IntOr(in, "graph", 0)));
  if (!frame.graph) return DataLoss(fmt::format("frame {}: unknown graph", id));
  if (auto name = GetString(in, "state")) {
    frame.state = frame.graph->Find(*name);
    if (!frame.state) return DataLoss(fmt::format("frame {}: unknown state '{}'", id, *name));
  }
  if (auto parent = GetInt(in, "parent")) {
    frame.parent = static_cast<FrameId>(*parent);
    frame.child_index = static_cast<size_t>(IntOr(in, "index", 0));
  }
  if (const json::value* input = FindMember(in, "input")) frame.input = *input;
  if (const json::object* scratch = GetObject(in, "scratch")) frame.scratch = *scratch;
  if (const json::object* variables = GetObject(in, "variables")) frame.variables = *variables;
  frame.retry_count = static_cast<int>(IntOr(in, "retry_count", 0));
  if (const json::array* attempts = GetArray(in, "retrier_attempts")) {
    for (const auto& a : *attempts) frame.retrier_attempts.push_back(static_cast<int>(a.to_number<int64_t>()));
  }
  frame.entered_event_id = IntOr(in, "entered_event", 0);
  frame.entered_micros = IntOr(in, "entered_micros", 0);
  frame.last_event_id = IntOr(in, "last_event", 0);
  frame.deadline = IntOr(in, "deadline", 0);
  frame.sleeping_for_retry = GetBool(in, "retry_wait").value_or(false);
  if (const json::object* t = GetObject(in, "task")) {
    FrameTask task;
    task.request.resource = std::string(GetString(*t, "resource").value_or(""));
    if (const json::value* parameters = FindMember(*t, "parameters")) task.request.parameters = *parameters;
    task.request.timeout_seconds = GetInt(*t, "timeout_seconds");
    task.request.heartbeat_seconds = GetInt(*t, "heartbeat_seconds");
    task.token = std::string(GetString(*t, "token").value_or(""));
    task.nonce = std::string(GetString(*t, "nonce").value_or(""));
    if (const json::value* handle = FindMember(*t, "handle")) task.handle = *handle;
    task.started = GetBool(*t, "started").value_or(false);
    task.submitted = GetBool(*t, "submitted").value_or(false);
    task.timeout_deadline = IntOr(*t, "timeout_deadline", 0);
    task.heartbeat_deadline = IntOr(*t, "heartbeat_deadline", 0);
    frame.task = std::move(task);
  }
  if (const json::array* children = GetArray(in, "children")) {
    for (const auto& child : *children) frame.children.push_back(static_cast<FrameId>(child.to_number<int64_t>()));
  }
  frame.next_child = static_cast<size_t>(IntOr(in, "next_child", 0));
  frame.max_concurrency = static_cast<size_t>(IntOr(in, "max_concurrency", 0));
  frame.map_iterations = GetBool(in, "map_iterations").value_or(false);
  frame.handled_failures = static_cast<size_t>(IntOr(in, "handled_failures", 0));
  if (const json::value* output = FindMember(in, "output")) frame.output = *output;
  if (auto error = GetString(in, "error")) frame.error = std::string(*error);
  else frame.has_error = false;
  if (auto cause = GetString(in, "cause")) frame.cause = std::string(*cause);
  else frame.has_cause = false;
  frame.dirty = false;
  return frame;
}

}  // namespace sluice::states
