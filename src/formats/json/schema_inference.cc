// JSON schema inference: see schema_inference.h.
#include "formats/json/schema_inference.h"

#include <simdjson.h>

#include <unordered_map>

#include <fmt/format.h>

#include "formats/inference/type_unification.h"
#include "formats/json/record_scanner.h"

namespace sluice::formats::json {

using columnar::DataType;
using columnar::TypePtr;
namespace ondemand = simdjson::ondemand;

namespace {
// Deeper nesting is refused: no real data needs it, and it bounds recursion.
constexpr int kMaxDepth = 100;

inference::InferenceOptions StringOptions(inference::InferenceOptions options) {
  options.detect_booleans = false;
  options.detect_numbers = false;
  return options;
}
}  // namespace

struct JsonSchemaInference::Node {
  explicit Node(const inference::InferenceOptions& options) : string_types(StringOptions(options)) {}

  int64_t nulls = 0, booleans = 0, integers = 0, floats = 0, big_integers = 0, strings = 0, objects = 0, arrays = 0;
  int64_t min = INT64_MAX, max = INT64_MIN;
  int big_digits = 0;
  inference::ColumnInference string_types;
  // Object fields in first-seen order, until there are more than the map threshold.
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> fields;
  std::unordered_map<std::string, size_t> field_index;
  // Past the threshold: the values' type so far, and a node for the values that come after.
  bool is_map = false;
  TypePtr map_value_type = DataType::Null();
  std::unique_ptr<Node> map_values;
  std::unique_ptr<Node> element;

  int Kinds() const {
    return (booleans > 0) + (integers + floats + big_integers > 0) + (strings > 0) + (objects > 0) + (arrays > 0);
  }
};

namespace {

using Node = JsonSchemaInference::Node;

Status Invalid(simdjson::error_code error) {
  return InvalidArgument(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
}

TypePtr FinishNode(const Node& node, const inference::InferenceOptions& options);

Node& FieldNode(Node& node, std::string_view key, const inference::InferenceOptions& options, size_t map_threshold) {
  if (node.is_map) {
    if (!node.map_values) node.map_values = std::make_unique<Node>(options);
    return *node.map_values;
  }
  auto it = node.field_index.find(std::string(key));
  if (it != node.field_index.end()) return *node.fields[it->second].second;
  if (node.fields.size() >= map_threshold) {
    // Too many distinct keys for a struct: from now on this object is a map.
    node.is_map = true;
    for (auto& [name, child] : node.fields) {
      node.map_value_type = inference::UnifyTypes(node.map_value_type, FinishNode(*child, options));
    }
    node.fields.clear();
    node.field_index.clear();
    node.map_values = std::make_unique<Node>(options);
    return *node.map_values;
  }
  node.field_index.emplace(std::string(key), node.fields.size());
  node.fields.emplace_back(std::string(key), std::make_unique<Node>(options));
  return *node.fields.back().second;
}

Status AddValue(Node& node, ondemand::value value, int depth, const inference::InferenceOptions& options,
                size_t map_threshold) {
  if (depth > kMaxDepth) return InvalidArgument(fmt::format("JSON nested deeper than {} levels", kMaxDepth));
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return Invalid(error);
  switch (type) {
    case ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) || !is_null) return InvalidArgument("invalid JSON: a bad literal");
      ++node.nulls;
      return Status::Ok();
    }
    case ondemand::json_type::boolean: {
      bool b;
      if (auto error = value.get_bool().get(b)) return Invalid(error);
      ++node.booleans;
      return Status::Ok();
    }
    case ondemand::json_type::number: {
      ondemand::number_type number_type;
      if (auto error = value.get_number_type().get(number_type)) return Invalid(error);
      if (number_type == ondemand::number_type::signed_integer) {
        int64_t v;
        if (auto error = value.get_int64().get(v)) return Invalid(error);
        ++node.integers;
        node.min = std::min(node.min, v);
        node.max = std::max(node.max, v);
      } else if (number_type == ondemand::number_type::unsigned_integer) {
        std::string_view token = value.raw_json_token();
        while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                                  token.back() == '\t')) {
          token.remove_suffix(1);
        }
        ++node.big_integers;
        node.big_digits = std::max(node.big_digits, static_cast<int>(token.size()));
      } else {
        double d;
        if (auto error = value.get_double().get(d)) return Invalid(error);
        ++node.floats;
      }
      return Status::Ok();
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (auto error = value.get_string().get(text)) return Invalid(error);
      ++node.strings;
      if (node.string_types.undecided()) node.string_types.Add(text);
      return Status::Ok();
    }
    case ondemand::json_type::object: {
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return Invalid(error);
      ++node.objects;
      for (auto field : object) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) return Invalid(error);
        Node& child = FieldNode(node, key, options, map_threshold);
        ondemand::value item;
        if (auto error = field.value().get(item)) return Invalid(error);
        RETURN_IF_ERROR(AddValue(child, item, depth + 1, options, map_threshold));
      }
      return Status::Ok();
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (auto error = value.get_array().get(array)) return Invalid(error);
      ++node.arrays;
      if (!node.element) node.element = std::make_unique<Node>(options);
      for (auto element : array) {
        ondemand::value item;
        if (auto error = element.get(item)) return Invalid(error);
        RETURN_IF_ERROR(AddValue(*node.element, item, depth + 1, options, map_threshold));
      }
      return Status::Ok();
    }
  }
  return InvalidArgument("invalid JSON");
}

TypePtr FinishNode(const Node& node, const inference::InferenceOptions& options) {
  int kinds = node.Kinds();
  if (kinds == 0) return DataType::Null();
  if (kinds > 1) return DataType::String();
  if (node.booleans) return DataType::Boolean();
  if (node.integers + node.floats + node.big_integers > 0) {
    if (node.floats > 0) return DataType::Float64();
    if (node.big_integers > 0) {
      int digits = std::max(node.big_digits, 19);
      return digits <= 38 ? DataType::Decimal(digits, 0) : DataType::Float64();
    }
    bool fits32 = node.min >= INT32_MIN && node.max <= INT32_MAX;
    return fits32 && options.min_integer_bits <= 32 ? DataType::Int32() : DataType::Int64();
  }
  if (node.strings) {
    TypePtr type = node.string_types.Finish().type;
    return type->id() == columnar::TypeId::kNull ? DataType::String() : type;
  }
  if (node.objects) {
    if (node.is_map) {
      TypePtr value = node.map_value_type;
      if (node.map_values) value = inference::UnifyTypes(value, FinishNode(*node.map_values, options));
      return DataType::Map(DataType::String(), value);
    }
    std::vector<columnar::Field> fields;
    for (const auto& [name, child] : node.fields) fields.push_back({name, FinishNode(*child, options), true});
    return DataType::Struct(std::move(fields));
  }
  return DataType::List(node.element ? FinishNode(*node.element, options) : DataType::Null());
}

std::string Describe(const Node& node, const TypePtr& type) {
  std::vector<std::string> seen;
  auto add = [&](int64_t count, const char* what) {
    if (count > 0) seen.push_back(fmt::format("{} {}", count, what));
  };
  add(node.booleans, "booleans");
  add(node.integers, "integers");
  add(node.big_integers, "integers past bigint");
  add(node.floats, "numbers with a fraction");
  add(node.strings, "strings");
  add(node.objects, "objects");
  add(node.arrays, "arrays");
  add(node.nulls, "nulls");
  std::string why = fmt::format("{}: {}", type->ToGlueType(), fmt::join(seen, ", "));
  if (node.Kinds() > 1) why += " (conflicting kinds keep their JSON text)";
  return why;
}

}  // namespace

JsonSchemaInference::JsonSchemaInference(const inference::InferenceOptions& options, size_t map_threshold,
                                         size_t max_columns)
    : root_(std::make_unique<Node>(options)), options_(options), map_threshold_(map_threshold),
      max_columns_(max_columns) {}

JsonSchemaInference::~JsonSchemaInference() = default;

Status JsonSchemaInference::AddRecord(std::string_view record, size_t readable_after) {
  thread_local ondemand::parser parser;
  ondemand::document document;
  auto padded = simdjson::padded_string_view(record.data(), record.size(), record.size() + readable_after);
  if (auto error = parser.iterate(padded).get(document)) return Invalid(error);
  ondemand::object object;
  if (auto error = document.get_object().get(object)) {
    return error == simdjson::INCORRECT_TYPE ? InvalidArgument("a record is not a JSON object") : Invalid(error);
  }
  ++root_->objects;
  for (auto field : object) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return Invalid(error);
    if (root_->fields.size() >= max_columns_ && !root_->field_index.count(std::string(key))) {
      return InvalidArgument(fmt::format("more than {} top-level fields", max_columns_));
    }
    Node& child = FieldNode(*root_, key, options_, SIZE_MAX);
    ondemand::value item;
    if (auto error = field.value().get(item)) return Invalid(error);
    RETURN_IF_ERROR(AddValue(child, item, 1, options_, map_threshold_));
  }
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return InvalidArgument("invalid JSON: text after the record");
  }
  ++records_;
  return Status::Ok();
}

columnar::SchemaPtr JsonSchemaInference::Finish() const {
  std::vector<columnar::Field> fields;
  for (const auto& [name, child] : root_->fields) {
    fields.push_back({name, inference::ResolveNullType(FinishNode(*child, options_)), true});
  }
  return columnar::MakeSchema(std::move(fields));
}

std::vector<std::string> JsonSchemaInference::Reasons() const {
  std::vector<std::string> out;
  for (const auto& [name, child] : root_->fields) {
    out.push_back(Describe(*child, inference::ResolveNullType(FinishNode(*child, options_))));
  }
  return out;
}

Result<JsonSampleSchema> InferJsonSampleSchema(std::string_view sample, bool whole_file,
                                               const JsonReadOptions& options) {
  JsonSampleSchema out;
  if (sample.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return InvalidArgument("the file holds no JSON records");
  }
  DetectedFormat detected = DetectFormat(sample, options.format);
  out.format = detected.format;
  out.data_offset = detected.data_offset;
  out.first_line = 1 + std::count(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(detected.data_offset), '\n');
  if (options.schema) {
    out.schema = options.schema;
    out.reasons.assign(options.schema->num_fields(), "given");
    return out;
  }
  std::string_view body = sample.substr(detected.data_offset);
  std::string_view records_text = whole_file ? body : body.substr(0, FindLastRecordEnd(body, out.format));
  std::string padded(records_text);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  std::vector<RecordSpan> records;
  std::vector<RowError> ignored;
  SplitRecords(records_text, out.format, &records, &ignored, nullptr);
  JsonSchemaInference inference(options.inference, options.map_threshold, options.max_columns);
  Status first_problem;
  for (const RecordSpan& span : records) {
    if (options.sample_rows > 0 && inference.records() >= options.sample_rows) break;
    Status added = inference.AddRecord(std::string_view(padded).substr(span.begin, span.end - span.begin),
                                       padded.size() - span.end);
    if (!added.ok() && first_problem.ok()) first_problem = added;
  }
  if (inference.records() == 0) {
    return first_problem.ok() ? InvalidArgument("no complete JSON record in the sample") : first_problem;
  }
  out.records = inference.records();
  std::vector<columnar::Field> fields = inference.Finish()->fields();
  out.reasons = inference.Reasons();
  for (const auto& [given_name, type] : options.column_types) {
    const std::string& name = given_name;  // a lambda cannot capture a structured binding (clang 14)
    auto it = std::find_if(fields.begin(), fields.end(), [&](const columnar::Field& f) { return f.name == name; });
    if (it == fields.end()) {
      fields.push_back({name, type, true});
      out.reasons.push_back("given");
    } else {
      it->type = type;
      out.reasons[static_cast<size_t>(it - fields.begin())] = "given";
    }
  }
  out.schema = columnar::MakeSchema(std::move(fields));
  return out;
}

}  // namespace sluice::formats::json
