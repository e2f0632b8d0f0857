// Map state: see map_state.h.
#include "states/types/map_state.h"

#include <cmath>

#include <fmt/format.h>

#include "common/ids.h"
#include "common/json.h"
#include "states/asl/json_text.h"
#include "states/asl/state_error.h"
#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr int64_t kMaxInt = 100000000;
constexpr size_t kMaxBatchBytes = 262144;

// The context object with $$.Map.Item set, for ItemSelector.
class ItemScope final : public PathScope {
 public:
  explicit ItemScope(PathScope& base) : base_(base), context_(base.Context()) {
    if (!context_.is_object()) context_ = json::object();
  }
  void Set(size_t index, const json::value& value) {
    json::object item;
    item["Index"] = static_cast<int64_t>(index);
    item["Value"] = value;
    context_.get_object()["Map"] = json::object{{"Item", std::move(item)}};
  }
  const json::value& Context() override { return context_; }
  const json::value* Variable(std::string_view name) override { return base_.Variable(name); }

 private:
  PathScope& base_;
  json::value context_;
};

std::optional<JsonPath> ReferencePath(StateParser& parser, const json::object& object, std::string_view field,
                                      const std::string& location) {
  auto text = GetString(object, field);
  if (!text) {
    if (object.contains(field)) {
      parser.Error(codes::kSchemaValidationFailed, fmt::format("The value for the field '{}' must be a STRING", field),
                   location + "/" + std::string(field));
    }
    return std::nullopt;
  }
  auto path = JsonPath::Parse(*text);
  if (!path.ok() || !path->definite()) {
    parser.Error(codes::kSchemaValidationFailed, fmt::format("The value for the field '{}' must be a valid JSONPath",
                                                             field),
                 location + "/" + std::string(field));
    return std::nullopt;
  }
  return std::move(*path);
}

// A number a *Path field selects, checked against [min, max].
Result<std::optional<double>> PathNumber(const std::optional<JsonPath>& path, const json::value& input,
                                         PathScope& scope, std::string_view field, double min, double max) {
  if (!path) return std::optional<double>();
  const json::value* value = path->Lookup(input, scope);
  if (!value) return StateError(errors::kRuntime, InvalidPathCause(*path));
  auto number = AsNumber(*value);
  if (!number || *number < min || *number > max) {
    return StateError(errors::kRuntime, fmt::format("The {} field references an invalid value at path '{}'", field,
                                                    path->text()));
  }
  return std::optional<double>(*number);
}

std::string MapRunArn(PathScope& scope, std::string_view label) {
  // arn:aws:states:<region>:<account>:stateMachine:<name> → ...:mapRun:<name>/<label>:<id>
  std::string machine;
  const json::value& context = scope.Context();
  if (context.is_object()) {
    if (const json::object* sm = GetObject(context.get_object(), "StateMachine")) {
      if (auto id = GetString(*sm, "Id")) machine = std::string(*id);
    }
  }
  size_t at = machine.find(":stateMachine:");
  if (at == std::string::npos) return "";
  std::string name = machine.substr(at + 14);
  if (size_t colon = name.find(':'); colon != std::string::npos) name.resize(colon);  // a version or alias
  return machine.substr(0, at) + ":mapRun:" + name + "/" + std::string(label) + ":" + NewUuid();
}

}  // namespace

void MapState::Parse(StateParser& parser) {
  parser.AllowOnly({"Next", "End", "ItemsPath", "ItemSelector", "Parameters", "ItemProcessor", "Iterator",
                    "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath",
                    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label", "ItemReader",
                    "ItemBatcher", "ResultWriter", "InputPath", "ResultSelector", "ResultPath", "OutputPath", "Retry",
                    "Catch", "Assign"});
  ParseComment(parser);
  ParseTransition(parser);
  ParseDataFlow(parser, kInputPath | kResultSelector | kResultPath | kOutputPath | kAssign);
  ParseErrorHandling(parser);
  const std::string& here = parser.location();
  if (parser.Find("ItemSelector") && parser.Find("Parameters")) {
    parser.Error(codes::kSchemaValidationFailed, "Only one of these fields may be given: [ItemSelector, Parameters]");
  }
  for (std::string_view field : {"ItemSelector", "Parameters"}) {
    if (const json::value* selector = parser.Find(field)) {
      if (!selector->is_object()) {
        parser.Error(codes::kSchemaValidationFailed,
                     fmt::format("The value for the field '{}' must be an OBJECT", field), here + "/" + std::string(field));
      } else {
        flow_.parameters = PayloadTemplate::Compile(*selector, here + "/" + std::string(field), parser.diagnostics());
      }
    }
  }
  items_path_ = ReferencePath(parser, parser.spec(), "ItemsPath", here);
  parser.AtMostOne({"MaxConcurrency", "MaxConcurrencyPath"});
  max_concurrency_ = parser.Integer("MaxConcurrency", 0, kMaxInt);
  max_concurrency_path_ = ReferencePath(parser, parser.spec(), "MaxConcurrencyPath", here);

  const json::value* processor = parser.Find("ItemProcessor");
  const json::value* iterator = parser.Find("Iterator");
  if (processor && iterator) {
    parser.Error(codes::kSchemaValidationFailed, "Only one of these fields may be given: [ItemProcessor, Iterator]");
  }
  if (!processor && !iterator) {
    parser.Error(codes::kSchemaValidationFailed, "These fields are required: [ItemProcessor]");
    return;
  }
  const json::value& graph = processor ? *processor : *iterator;
  std::string graph_location = here + (processor ? "/ItemProcessor" : "/Iterator");
  if (graph.is_object()) {
    if (const json::object* config = GetObject(graph.get_object(), "ProcessorConfig")) {
      auto mode = GetString(*config, "Mode");
      if (mode && *mode == "DISTRIBUTED") {
        distributed_ = true;
      } else if (mode && *mode != "INLINE") {
        parser.Error(codes::kSchemaValidationFailed, "ProcessorConfig.Mode must be INLINE or DISTRIBUTED",
                     graph_location + "/ProcessorConfig/Mode");
      }
      if (auto type = GetString(*config, "ExecutionType")) {
        if (!distributed_) {
          parser.Error(codes::kSchemaValidationFailed, "Field 'ExecutionType' is not supported",
                       graph_location + "/ProcessorConfig");
        } else if (*type != "STANDARD" && *type != "EXPRESS") {
          parser.Error(codes::kSchemaValidationFailed, "ExecutionType must be STANDARD or EXPRESS",
                       graph_location + "/ProcessorConfig/ExecutionType");
        }
      }
    }
  }
  processor_ = parser.ParseGraph(graph, graph_location);
  ParseDistributed(parser);
}

void MapState::ParseDistributed(StateParser& parser) {
  const std::string& here = parser.location();
  const bool has_distributed_fields =
      parser.Find("ItemReader") || parser.Find("ItemBatcher") || parser.Find("ResultWriter") || parser.Find("Label") ||
      parser.Find("ToleratedFailureCount") || parser.Find("ToleratedFailureCountPath") ||
      parser.Find("ToleratedFailurePercentage") || parser.Find("ToleratedFailurePercentagePath");
  if (!distributed_) {
    if (has_distributed_fields) {
      parser.Error(codes::kSchemaValidationFailed,
                   "ItemReader, ItemBatcher, ResultWriter, Label and ToleratedFailure* are only supported in "
                   "DISTRIBUTED mode");
    }
    return;
  }
  parser.AtMostOne({"ToleratedFailureCount", "ToleratedFailureCountPath"});
  parser.AtMostOne({"ToleratedFailurePercentage", "ToleratedFailurePercentagePath"});
  tolerated_count_ = parser.Integer("ToleratedFailureCount", 0, kMaxInt);
  tolerated_count_path_ = ReferencePath(parser, parser.spec(), "ToleratedFailureCountPath", here);
  tolerated_percentage_ = parser.Number("ToleratedFailurePercentage", 0, 100);
  tolerated_percentage_path_ = ReferencePath(parser, parser.spec(), "ToleratedFailurePercentagePath", here);
  if (auto label = parser.String("Label")) {
    if (label->size() > 40 || label->find_first_of(" <>{}[]?*\"#%\\^|~`$&,;:/") != std::string::npos) {
      parser.Error(codes::kSchemaValidationFailed, "Label must be at most 40 characters without special characters",
                   here + "/Label");
    }
    label_ = *label;
  } else {
    label_ = name_;
  }
  if (const json::value* reader = parser.Find("ItemReader")) {
    reader_ = ParseItemReader(parser, *reader, here + "/ItemReader");
    if (reader_ && items_path_) {
      parser.Error(codes::kSchemaValidationFailed, "ItemsPath cannot be used together with ItemReader");
    }
  }
  if (const json::value* batcher = parser.Find("ItemBatcher")) {
    if (!batcher->is_object()) {
      parser.Error(codes::kSchemaValidationFailed, "The value for the field 'ItemBatcher' must be an OBJECT",
                   here + "/ItemBatcher");
    } else {
      const json::object& object = batcher->get_object();
      Batcher config;
      std::string location = here + "/ItemBatcher";
      for (const auto& member : object) {
        std::string_view key = member.key();
        if (key != "MaxItemsPerBatch" && key != "MaxItemsPerBatchPath" && key != "MaxInputBytesPerBatch" &&
            key != "MaxInputBytesPerBatchPath" && key != "BatchInput") {
          parser.Error(codes::kSchemaValidationFailed, fmt::format("Field '{}' is not supported", key), location);
        }
      }
      if (FindMember(object, "MaxItemsPerBatch")) {
        auto n = GetInt(object, "MaxItemsPerBatch");
        if (!n || *n < 1) parser.Error(codes::kSchemaValidationFailed, "MaxItemsPerBatch must be a positive integer",
                                       location + "/MaxItemsPerBatch");
        else config.max_items = *n;
      }
      if (FindMember(object, "MaxInputBytesPerBatch")) {
        auto n = GetInt(object, "MaxInputBytesPerBatch");
        if (!n || *n < 1 || *n > static_cast<int64_t>(kMaxBatchBytes)) {
          parser.Error(codes::kSchemaValidationFailed, "MaxInputBytesPerBatch must be between 1 and 262144",
                       location + "/MaxInputBytesPerBatch");
        } else {
          config.max_bytes = *n;
        }
      }
      config.max_items_path = ReferencePath(parser, object, "MaxItemsPerBatchPath", location);
      config.max_bytes_path = ReferencePath(parser, object, "MaxInputBytesPerBatchPath", location);
      if (const json::value* input = FindMember(object, "BatchInput")) {
        config.batch_input = PayloadTemplate::Compile(*input, location + "/BatchInput", parser.diagnostics());
      }
      if (!config.max_items && !config.max_items_path && !config.max_bytes && !config.max_bytes_path) {
        parser.Error(codes::kSchemaValidationFailed,
                     "ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch (or their Path forms)", location);
      }
      batcher_ = std::move(config);
    }
  }
  if (const json::value* writer = parser.Find("ResultWriter")) {
    std::string location = here + "/ResultWriter";
    const json::object* object = writer->is_object() ? &writer->get_object() : nullptr;
    auto resource = object ? GetString(*object, "Resource") : std::nullopt;
    auto info = resource ? ParseResource(*resource) : std::nullopt;
    if (!info || info->service != "s3" || info->action != "putObject") {
      parser.Error(codes::kSchemaValidationFailed, "The ResultWriter Resource must be arn:aws:states:::s3:putObject",
                   location + "/Resource");
    } else {
      Writer config;
      if (const json::value* parameters = FindMember(*object, "Parameters")) {
        config.parameters = PayloadTemplate::Compile(*parameters, location + "/Parameters", parser.diagnostics());
      } else {
        parser.Error(codes::kSchemaValidationFailed, "These fields are required: [Parameters]", location);
      }
      writer_ = std::move(config);
    }
  }
}

int MapState::ChildDepth() const {
  int depth = 0;
  if (processor_) {
    for (const auto& state : processor_->states()) depth = std::max(depth, state->ChildDepth());
  }
  return depth + 1;
}

void MapState::Run(StateRun& run) const {
  auto effective = flow_.ApplyInputPath(run.input());
  if (!effective.ok()) return run.Fail(effective.TakeStatus());
  run.scratch().clear();
  if (reader_) return StartReading(run, *effective);
  const json::value* items = items_path_ ? items_path_->Lookup(*effective, run) : &*effective;
  if (!items) return run.Fail(StateError(errors::kRuntime, InvalidPathCause(*items_path_)));
  if (!items->is_array()) {
    return run.Fail(StateError(
        errors::kRuntime,
        fmt::format("Item selector did not evaluate to a JSON array: the ItemsPath '{}' selected {}",
                    items_path_ ? items_path_->text() : "$", JsonText(*items).substr(0, 200))));
  }
  StartIterations(run, items->get_array());
}

void MapState::StartReading(StateRun& run, const json::value& effective) const {
  json::object& scratch = run.scratch();
  scratch["phase"] = "read";
  auto parameters = reader_->parameters ? reader_->parameters->Evaluate(effective, run) : Result<json::value>(json::object());
  if (!parameters.ok()) return run.Fail(parameters.TakeStatus());
  if (!parameters->is_object()) {
    return run.Fail(StateError(errors::kItemReaderFailed, "The ItemReader Parameters must produce an object"));
  }
  scratch["reader_parameters"] = *parameters;
  scratch["items"] = json::array();
  TaskRequest request;
  request.resource = reader_->resource.arn;
  request.parameters = std::move(*parameters);
  run.StartTask(std::move(request));
}

void MapState::OnRead(StateRun& run, Wakeup& wakeup) const {
  json::object& scratch = run.scratch();
  if (wakeup.kind == Wakeup::Kind::kTaskStarted || wakeup.kind == Wakeup::Kind::kTaskSubmitted) return;
  if (wakeup.kind != Wakeup::Kind::kTaskSucceeded) {
    std::string cause = wakeup.kind == Wakeup::Kind::kTaskTimedOut ? "Reading the items timed out"
                                                                    : ErrorNameOf(wakeup.error) + ": " +
                                                                          wakeup.error.message();
    return FailMap(run, StateError(errors::kItemReaderFailed, cause));
  }
  json::array& items = scratch["items"].as_array();
  if (reader_->resource.action == "listObjectsV2") {
    for (auto& item : ItemsFromListing(wakeup.value)) items.push_back(std::move(item));
    // Follow the listing's continuation token until the last page.
    std::optional<std::string_view> token;
    if (wakeup.value.is_object()) token = GetString(wakeup.value.get_object(), "NextContinuationToken");
    bool truncated = wakeup.value.is_object() && GetBool(wakeup.value.get_object(), "IsTruncated").value_or(false);
    if (token && truncated) {
      json::object parameters = scratch["reader_parameters"].as_object();
      parameters["ContinuationToken"] = *token;
      TaskRequest request;
      request.resource = reader_->resource.arn;
      request.parameters = std::move(parameters);
      return run.StartTask(std::move(request));
    }
  } else {
    const json::value* body = wakeup.value.is_object() ? FindMember(wakeup.value.get_object(), "Body") : nullptr;
    if (!body || !body->is_string()) {
      return FailMap(run, StateError(errors::kItemReaderFailed, "The object could not be read as text"));
    }
    auto parsed = ItemsFromObject(*reader_, std::string_view(body->get_string()));
    if (!parsed.ok()) return FailMap(run, parsed.TakeStatus());
    for (auto& item : *parsed) items.push_back(std::move(item));
  }
  std::optional<int64_t> max_items = reader_->max_items;
  if (reader_->max_items_path) {
    auto effective = flow_.ApplyInputPath(run.input());
    if (!effective.ok()) return run.Fail(effective.TakeStatus());
    auto number = PathNumber(reader_->max_items_path, *effective, run, "MaxItemsPath", 0, kMaxInt);
    if (!number.ok()) return run.Fail(number.TakeStatus());
    max_items = static_cast<int64_t>(**number);
  }
  json::array all = std::move(items);
  scratch.erase("items");
  scratch.erase("reader_parameters");
  if (max_items && *max_items > 0 && all.size() > static_cast<size_t>(*max_items)) {
    all.resize(static_cast<size_t>(*max_items));
  }
  StartIterations(run, std::move(all));
}

void MapState::StartIterations(StateRun& run, json::array items) const {
  json::object& scratch = run.scratch();
  auto effective = flow_.ApplyInputPath(run.input());
  if (!effective.ok()) return run.Fail(effective.TakeStatus());

  // Item inputs: ItemSelector over each item (with $$.Map.Item), else the item itself.
  std::vector<json::value> inputs;
  inputs.reserve(items.size());
  if (flow_.parameters) {
    ItemScope scope(run);
    for (size_t i = 0; i < items.size(); ++i) {
      scope.Set(i, items[i]);
      auto selected = flow_.parameters->Evaluate(*effective, scope);
      if (!selected.ok()) return run.Fail(selected.TakeStatus());
      inputs.push_back(std::move(*selected));
    }
  } else {
    for (auto& item : items) inputs.push_back(std::move(item));
  }

  // ItemBatcher: {"Items": [...], "BatchInput": {...}} per batch.
  if (batcher_) {
    auto max_items_number = PathNumber(batcher_->max_items_path, *effective, run, "MaxItemsPerBatchPath", 1, kMaxInt);
    if (!max_items_number.ok()) return run.Fail(max_items_number.TakeStatus());
    auto max_bytes_number =
        PathNumber(batcher_->max_bytes_path, *effective, run, "MaxInputBytesPerBatchPath", 1, kMaxBatchBytes);
    if (!max_bytes_number.ok()) return run.Fail(max_bytes_number.TakeStatus());
    size_t max_items = batcher_->max_items ? static_cast<size_t>(*batcher_->max_items)
                                           : (*max_items_number ? static_cast<size_t>(**max_items_number) : 0);
    size_t max_bytes = batcher_->max_bytes ? static_cast<size_t>(*batcher_->max_bytes)
                                           : (*max_bytes_number ? static_cast<size_t>(**max_bytes_number) : 0);
    if (max_bytes == 0) max_bytes = kMaxBatchBytes;
    std::optional<json::value> batch_input;
    if (batcher_->batch_input) {
      auto evaluated = batcher_->batch_input->Evaluate(*effective, run);
      if (!evaluated.ok()) return run.Fail(evaluated.TakeStatus());
      batch_input = std::move(*evaluated);
    }
    std::vector<json::value> batches;
    json::array current;
    size_t current_bytes = 0;
    for (auto& input : inputs) {
      size_t bytes = JsonTextSize(input) + 1;
      if (!current.empty() && ((max_items && current.size() >= max_items) || current_bytes + bytes > max_bytes)) {
        json::object batch{{"Items", std::move(current)}};
        if (batch_input) batch["BatchInput"] = *batch_input;
        batches.push_back(std::move(batch));
        current = json::array();
        current_bytes = 0;
      }
      current.push_back(std::move(input));
      current_bytes += bytes;
    }
    if (!current.empty()) {
      json::object batch{{"Items", std::move(current)}};
      if (batch_input) batch["BatchInput"] = *batch_input;
      batches.push_back(std::move(batch));
    }
    inputs = std::move(batches);
  }

  auto concurrency = PathNumber(max_concurrency_path_, *effective, run, "MaxConcurrencyPath", 0, kMaxInt);
  if (!concurrency.ok()) return run.Fail(concurrency.TakeStatus());
  auto count = PathNumber(tolerated_count_path_, *effective, run, "ToleratedFailureCountPath", 0, kMaxInt);
  if (!count.ok()) return run.Fail(count.TakeStatus());
  auto percentage =
      PathNumber(tolerated_percentage_path_, *effective, run, "ToleratedFailurePercentagePath", 0, 100);
  if (!percentage.ok()) return run.Fail(percentage.TakeStatus());

  scratch["phase"] = "run";
  scratch["total"] = static_cast<int64_t>(inputs.size());
  scratch["failed"] = 0;
  if (tolerated_count_) scratch["tolerated_count"] = *tolerated_count_;
  if (*count) scratch["tolerated_count"] = **count;
  if (tolerated_percentage_) scratch["tolerated_percentage"] = *tolerated_percentage_;
  if (*percentage) scratch["tolerated_percentage"] = **percentage;
  if (writer_) {
    json::array kept;
    for (const auto& input : inputs) kept.push_back(input);
    scratch["inputs"] = std::move(kept);
  }

  if (run.recording()) run.Emit("MapStateStarted", json::object{{"length", static_cast<int64_t>(inputs.size())}});
  if (distributed_) {
    std::string arn = MapRunArn(run, label_);
    scratch["map_run_arn"] = arn;
    if (run.recording()) run.Emit("MapRunStarted", json::object{{"mapRunArn", arn}});
  }
  ChildrenRequest request;
  request.max_concurrency = *concurrency ? static_cast<size_t>(**concurrency) : max_concurrency_.value_or(0);
  request.map_iterations = true;
  request.children.reserve(inputs.size());
  for (auto& input : inputs) request.children.push_back({processor_.get(), std::move(input)});
  run.StartChildren(std::move(request));
}

void MapState::OnChildFailed(StateRun& run, Wakeup& wakeup) const {
  json::object& scratch = run.scratch();
  int64_t failed = scratch["failed"].as_int64() + 1;
  scratch["failed"] = failed;
  if (!distributed_) return FailMap(run, std::move(wakeup.error));
  int64_t total = scratch["total"].as_int64();
  bool tolerated = false;
  if (const json::value* count = FindMember(scratch, "tolerated_count")) {
    tolerated = failed <= count->as_int64();
  }
  if (const json::value* percentage = FindMember(scratch, "tolerated_percentage")) {
    double limit = AsNumber(*percentage).value_or(0);
    tolerated = tolerated || (total > 0 && 100.0 * static_cast<double>(failed) / static_cast<double>(total) <= limit);
  }
  if (!tolerated) {
    bool configured = scratch.contains("tolerated_count") || scratch.contains("tolerated_percentage");
    if (!configured) return FailMap(run, std::move(wakeup.error));
    return FailMap(run, StateError(errors::kExceedToleratedFailureThreshold,
                                   "The specified tolerated failure threshold was exceeded"));
  }
  run.ContinueChildren();
}

void MapState::FailMap(StateRun& run, Status error) const {
  if (run.recording()) {
    run.Emit("MapStateFailed", {});
    if (distributed_ && run.scratch().contains("map_run_arn")) {
      json::object details;
      std::string name = ErrorNameOf(error);
      if (!name.empty()) details["error"] = name;
      if (HasCause(error)) details["cause"] = error.message();
      run.Emit("MapRunFailed", std::move(details));
    }
  }
  run.Fail(std::move(error));
}

void MapState::OnChildrenDone(StateRun& run, Wakeup& wakeup) const {
  if (writer_) return StartWriting(run, wakeup.results);
  json::array outputs;
  outputs.reserve(wakeup.results.size());
  for (auto& result : wakeup.results) outputs.push_back(std::move(result.output));
  Finish(run, json::value(std::move(outputs)));
}

void MapState::StartWriting(StateRun& run, std::vector<ChildResult>& results) const {
  json::object& scratch = run.scratch();
  auto effective = flow_.ApplyInputPath(run.input());
  if (!effective.ok()) return run.Fail(effective.TakeStatus());
  auto parameters = writer_->parameters->Evaluate(*effective, run);
  if (!parameters.ok()) return run.Fail(parameters.TakeStatus());
  auto bucket = parameters->is_object() ? GetString(parameters->get_object(), "Bucket") : std::nullopt;
  if (!bucket) return FailMap(run, StateError(errors::kResultWriterFailed, "ResultWriter Parameters need a Bucket"));
  std::string prefix(parameters->is_object() ? GetString(parameters->get_object(), "Prefix").value_or("") : "");
  std::string map_run_arn = scratch["map_run_arn"].as_string().c_str();
  std::string run_id = map_run_arn.substr(map_run_arn.rfind(':') + 1);
  std::string base = prefix.empty() ? run_id + "/" : (prefix.back() == '/' ? prefix : prefix + "/") + run_id + "/";

  // One results file per outcome; each entry describes an iteration as AWS's child executions.
  const json::array& inputs = scratch["inputs"].as_array();
  json::array succeeded, failed;
  for (size_t i = 0; i < results.size(); ++i) {
    json::object entry;
    entry["Input"] = i < inputs.size() ? JsonText(inputs[i]) : "{}";
    entry["InputDetails"] = json::object{{"Included", true}};
    entry["Name"] = fmt::format("{}_{}", run_id, i);
    if (results[i].succeeded) {
      entry["Output"] = JsonText(results[i].output);
      entry["OutputDetails"] = json::object{{"Included", true}};
      entry["Status"] = "SUCCEEDED";
      succeeded.push_back(std::move(entry));
    } else {
      if (results[i].output.is_object()) {
        const json::object& error = results[i].output.get_object();
        if (auto name = GetString(error, "Error")) entry["Error"] = *name;
        if (auto cause = GetString(error, "Cause")) entry["Cause"] = *cause;
      }
      entry["Status"] = "FAILED";
      failed.push_back(std::move(entry));
    }
  }
  json::array files;
  auto add_file = [&](std::string_view kind, json::array entries) -> json::object {
    std::string key = base + std::string(kind) + "_0.json";
    std::string body = JsonText(entries);
    json::object file{{"Key", key}, {"Size", static_cast<int64_t>(body.size())}};
    files.push_back(json::object{{"Bucket", *bucket}, {"Key", key}, {"Body", std::move(body)}});
    return file;
  };
  json::object result_files;
  json::array succeeded_files, failed_files;
  if (!succeeded.empty()) succeeded_files.push_back(add_file("SUCCEEDED", std::move(succeeded)));
  if (!failed.empty()) failed_files.push_back(add_file("FAILED", std::move(failed)));
  result_files["FAILED"] = std::move(failed_files);
  result_files["PENDING"] = json::array();
  result_files["SUCCEEDED"] = std::move(succeeded_files);
  json::object manifest{{"DestinationBucket", *bucket},
                        {"MapRunArn", map_run_arn},
                        {"ResultFiles", std::move(result_files)}};
  std::string manifest_key = base + "manifest.json";
  files.push_back(json::object{{"Bucket", *bucket}, {"Key", manifest_key}, {"Body", JsonText(manifest)}});
  scratch.erase("inputs");
  scratch["phase"] = "write";
  scratch["files"] = std::move(files);
  scratch["written"] = 0;
  scratch["writer_output"] = json::object{
      {"MapRunArn", map_run_arn},
      {"ResultWriterDetails", json::object{{"Bucket", *bucket}, {"Key", manifest_key}}}};
  Wakeup start;
  start.kind = Wakeup::Kind::kTaskStarted;
  OnWritten(run, start);
}

void MapState::OnWritten(StateRun& run, Wakeup& wakeup) const {
  json::object& scratch = run.scratch();
  if (wakeup.kind == Wakeup::Kind::kTaskFailed || wakeup.kind == Wakeup::Kind::kTaskTimedOut) {
    return FailMap(run, StateError(errors::kResultWriterFailed,
                                   wakeup.kind == Wakeup::Kind::kTaskTimedOut
                                       ? "Writing the results timed out"
                                       : ErrorNameOf(wakeup.error) + ": " + wakeup.error.message()));
  }
  if (wakeup.kind == Wakeup::Kind::kTaskSubmitted) return;
  int64_t written = scratch["written"].as_int64();
  if (wakeup.kind == Wakeup::Kind::kTaskSucceeded) scratch["written"] = ++written;
  if (wakeup.kind == Wakeup::Kind::kTaskStarted && written > 0) return;  // an informational start
  const json::array& files = scratch["files"].as_array();
  if (static_cast<size_t>(written) < files.size()) {
    TaskRequest request;
    request.resource = "arn:aws:states:::s3:putObject";
    request.parameters = files[static_cast<size_t>(written)];
    return run.StartTask(std::move(request));
  }
  json::value output = std::move(scratch["writer_output"]);
  scratch.erase("files");
  Finish(run, std::move(output));
}

void MapState::Finish(StateRun& run, json::value result) const {
  if (run.recording()) {
    run.Emit("MapStateSucceeded", {});
    if (distributed_) run.Emit("MapRunSucceeded", {});
  }
  CompleteWithResult(run, std::move(result));
}

void MapState::Resume(StateRun& run, Wakeup& wakeup) const {
  const json::value* phase = FindMember(run.scratch(), "phase");
  std::string_view current = phase && phase->is_string() ? std::string_view(phase->get_string()) : "run";
  if (current == "read") return OnRead(run, wakeup);
  if (current == "write") {
    // The writer's first StartTask is made from OnWritten itself; the interpreter's
    // kTaskStarted that follows is informational.
    if (wakeup.kind == Wakeup::Kind::kTaskStarted) return;
    return OnWritten(run, wakeup);
  }
  if (wakeup.kind == Wakeup::Kind::kChildFailed) return OnChildFailed(run, wakeup);
  if (wakeup.kind == Wakeup::Kind::kChildrenDone) return OnChildrenDone(run, wakeup);
  State::Resume(run, wakeup);
}

}  // namespace sluice::states
