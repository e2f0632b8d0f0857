// JSON records into column builders: see record_converter.h.
#include "formats/json/record_converter.h"

#include <simdjson.h>

#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "columnar/decimal.h"
#include "formats/inference/text_value_parser.h"

namespace sluice::formats::json {

namespace ondemand = simdjson::ondemand;
using columnar::ColumnBuilder;
using columnar::TypeId;

namespace {

enum class Kind : uint8_t {
  kNull, kBoolean, kInt8, kInt16, kInt32, kInt64, kFloat32, kFloat64, kDecimal, kText, kDate, kTimestamp,
  kStruct, kList, kMap,
};

// What happened to one value: it fit; it did not (NULL appended, record malformed); or the
// JSON is broken and the record cannot be read further.
enum class Outcome : uint8_t { kOk, kMismatch, kBroken };

Kind KindOf(TypeId id) {
  switch (id) {
    case TypeId::kBoolean: return Kind::kBoolean;
    case TypeId::kInt8: return Kind::kInt8;
    case TypeId::kInt16: return Kind::kInt16;
    case TypeId::kInt32: return Kind::kInt32;
    case TypeId::kInt64: return Kind::kInt64;
    case TypeId::kFloat32: return Kind::kFloat32;
    case TypeId::kFloat64: return Kind::kFloat64;
    case TypeId::kDecimal: return Kind::kDecimal;
    case TypeId::kString:
    case TypeId::kBinary: return Kind::kText;
    case TypeId::kDate: return Kind::kDate;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return Kind::kTimestamp;
    case TypeId::kStruct: return Kind::kStruct;
    case TypeId::kList: return Kind::kList;
    case TypeId::kMap: return Kind::kMap;
    case TypeId::kNull: return Kind::kNull;
  }
  return Kind::kNull;
}

std::string_view JsonKindName(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::array: return "an array";
    case ondemand::json_type::object: return "an object";
    case ondemand::json_type::number: return "a number";
    case ondemand::json_type::string: return "a string";
    case ondemand::json_type::boolean: return "a boolean";
    case ondemand::json_type::null: return "null";
  }
  return "a value";
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// Whether the bytes inside a JSON string token need no unescaping and hold no control
// characters (which JSON forbids raw): then they are the string's value.
bool PlainString(std::string_view inner) {
  for (char c : inner) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

}  // namespace

struct RecordConverter::Node {
  Kind kind = Kind::kNull;
  ColumnBuilder* builder = nullptr;
  columnar::TypePtr type;
  std::string path;  // "user.tags[]" for messages
  // struct fields (map: children[0] is the value converter; list: the element converter)
  std::vector<std::string> names;
  std::vector<std::unique_ptr<Node>> children;
  std::unordered_map<std::string_view, size_t> index;  // keys view `names`
  std::vector<bool> plain;  // names[i] holds no quote or backslash (so raw keys compare as is)
  std::vector<uint64_t> seen;                           // epoch of the record that set each field
  uint64_t epoch = 0;
  size_t hint = 0;  // the field expected next (records usually keep one key order)
};

namespace {

using Node = RecordConverter::Node;

void Build(Node& node, const columnar::TypePtr& type, ColumnBuilder* builder, std::string path) {
  node.kind = KindOf(type->id());
  node.builder = builder;
  node.type = type;
  node.path = std::move(path);
  switch (node.kind) {
    case Kind::kStruct: {
      auto* struct_builder = static_cast<columnar::StructBuilder*>(builder);
      const auto& fields = type->fields();
      node.names.reserve(fields.size());
      for (size_t i = 0; i < fields.size(); ++i) {
        node.names.push_back(fields[i].name);
        auto child = std::make_unique<Node>();
        Build(*child, fields[i].type, struct_builder->child(i),
              node.path.empty() ? fields[i].name : node.path + "." + fields[i].name);
        node.children.push_back(std::move(child));
      }
      for (size_t i = 0; i < node.names.size(); ++i) {
        node.index.emplace(node.names[i], i);
        node.plain.push_back(node.names[i].find_first_of("\"\\") == std::string::npos);
      }
      node.seen.assign(node.names.size(), 0);
      break;
    }
    case Kind::kList: {
      auto child = std::make_unique<Node>();
      Build(*child, type->element(), static_cast<columnar::ListBuilder*>(builder)->child(0), node.path + "[]");
      node.children.push_back(std::move(child));
      break;
    }
    case Kind::kMap: {
      auto child = std::make_unique<Node>();
      Build(*child, type->value(), static_cast<columnar::ListBuilder*>(builder)->child(1), node.path + "{}");
      node.children.push_back(std::move(child));
      break;
    }
    default: break;
  }
}

struct Problem {
  std::string message;
  void Set(std::string text) {
    if (message.empty()) message = std::move(text);
  }
};

Outcome Broken(Node& node, Problem& problem, simdjson::error_code error) {
  node.builder->AppendNull();
  problem.Set(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
  return Outcome::kBroken;
}

Outcome Mismatch(Node& node, Problem& problem, std::string_view found) {
  node.builder->AppendNull();
  problem.Set(fmt::format("field '{}': expected {}, found {}", node.path, node.type->ToGlueType(), found));
  return Outcome::kMismatch;
}

template <typename T>
void AppendFixed(Node& node, T value) {
  static_cast<columnar::FixedWidthBuilder<T>*>(node.builder)->Append(value);
}

Outcome AppendValue(Node& node, ondemand::value value, Problem& problem, int64_t* unknown);

// Fills a struct from an object; fields it lacks become NULL. Does not close the struct row.
Outcome AppendObject(Node& node, ondemand::object object, Problem& problem, int64_t* unknown) {
  uint64_t epoch = ++node.epoch;
  Outcome outcome = Outcome::kOk;
  for (auto field : object) {
    // The key the previous record had next is compared raw (no unescaping); others are looked up.
    ondemand::raw_json_string raw_key;
    if (auto error = field.key().get(raw_key)) {
      problem.Set(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
      outcome = Outcome::kBroken;
      break;
    }
    size_t i = node.hint;
    if (i >= node.names.size() || !node.plain[i] || !raw_key.unsafe_is_equal(node.names[i])) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) {
        problem.Set(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
        outcome = Outcome::kBroken;
        break;
      }
      auto it = node.index.find(key);
      if (it == node.index.end()) {
        if (unknown) ++*unknown;
        continue;
      }
      i = it->second;
    }
    node.hint = i + 1;
    if (node.seen[i] == epoch) continue;  // a repeated key keeps its first value
    node.seen[i] = epoch;
    ondemand::value value;
    if (auto error = field.value().get(value)) {
      node.children[i]->builder->AppendNull();
      problem.Set(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
      outcome = Outcome::kBroken;
      break;
    }
    Outcome child = AppendValue(*node.children[i], value, problem, nullptr);
    if (child == Outcome::kBroken) {
      outcome = Outcome::kBroken;
      break;
    }
    if (child == Outcome::kMismatch) outcome = Outcome::kMismatch;
  }
  node.hint = 0;
  for (size_t i = 0; i < node.children.size(); ++i) {
    if (node.seen[i] != epoch) node.children[i]->builder->AppendNull();
  }
  return outcome;
}

Outcome AppendText(Node& node, ondemand::value value, ondemand::json_type type, Problem& problem) {
  auto* builder = static_cast<columnar::StringBuilder*>(node.builder);
  std::string_view text;
  simdjson::error_code error = simdjson::SUCCESS;
  switch (type) {
    case ondemand::json_type::string: {
      // Most strings have nothing to unescape: their bytes between the quotes are the value.
      std::string_view token = TrimRight(value.raw_json_token());
      if (token.size() >= 2 && token.back() == '"' && PlainString(token.substr(1, token.size() - 2))) {
        text = token.substr(1, token.size() - 2);
      } else {
        error = value.get_string().get(text);
      }
      break;
    }
    case ondemand::json_type::number: text = TrimRight(value.raw_json_token()); break;
    case ondemand::json_type::boolean: {
      bool b = false;
      error = value.get_bool().get(b);
      text = b ? "true" : "false";
      break;
    }
    case ondemand::json_type::object: {
      ondemand::object object;
      error = value.get_object().get(object);
      if (!error) error = object.raw_json().get(text);
      break;
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      error = value.get_array().get(array);
      if (!error) error = array.raw_json().get(text);
      break;
    }
    case ondemand::json_type::null: break;
  }
  if (error) return Broken(node, problem, error);
  builder->Append(text);
  return Outcome::kOk;
}

template <typename T>
Outcome AppendInteger(Node& node, ondemand::value value, ondemand::json_type type, Problem& problem) {
  if (type != ondemand::json_type::number) return Mismatch(node, problem, JsonKindName(type));
  int64_t v;
  auto error = value.get_int64().get(v);
  if (error == simdjson::INCORRECT_TYPE || error == simdjson::NUMBER_OUT_OF_RANGE) {
    return Mismatch(node, problem, TrimRight(value.raw_json_token()));
  }
  if (error) return Broken(node, problem, error);
  if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
    return Mismatch(node, problem, TrimRight(value.raw_json_token()));
  }
  AppendFixed<T>(node, static_cast<T>(v));
  return Outcome::kOk;
}

Outcome AppendValue(Node& node, ondemand::value value, Problem& problem, int64_t* unknown) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return Broken(node, problem, error);
  if (type == ondemand::json_type::null) {
    bool is_null = false;
    if (auto error = value.is_null().get(is_null)) return Broken(node, problem, error);
    if (!is_null) return Broken(node, problem, simdjson::N_ATOM_ERROR);
    node.builder->AppendNull();
    return Outcome::kOk;
  }
  switch (node.kind) {
    case Kind::kNull: return Mismatch(node, problem, JsonKindName(type));
    case Kind::kBoolean: {
      if (type != ondemand::json_type::boolean) return Mismatch(node, problem, JsonKindName(type));
      bool b;
      if (auto error = value.get_bool().get(b)) return Broken(node, problem, error);
      AppendFixed<uint8_t>(node, b ? 1 : 0);
      return Outcome::kOk;
    }
    case Kind::kInt8: return AppendInteger<int8_t>(node, value, type, problem);
    case Kind::kInt16: return AppendInteger<int16_t>(node, value, type, problem);
    case Kind::kInt32: return AppendInteger<int32_t>(node, value, type, problem);
    case Kind::kInt64: return AppendInteger<int64_t>(node, value, type, problem);
    case Kind::kFloat32:
    case Kind::kFloat64: {
      if (type != ondemand::json_type::number) return Mismatch(node, problem, JsonKindName(type));
      double d;
      if (auto error = value.get_double().get(d)) return Broken(node, problem, error);
      if (node.kind == Kind::kFloat32) AppendFixed<float>(node, static_cast<float>(d));
      else AppendFixed<double>(node, d);
      return Outcome::kOk;
    }
    case Kind::kDecimal: {
      std::string_view text;
      if (type == ondemand::json_type::number) {
        text = TrimRight(value.raw_json_token());
      } else if (type == ondemand::json_type::string) {
        if (auto error = value.get_string().get(text)) return Broken(node, problem, error);
      } else {
        return Mismatch(node, problem, JsonKindName(type));
      }
      auto parsed = columnar::ParseDecimal(text, node.type->precision(), node.type->scale());
      if (!parsed.ok()) return Mismatch(node, problem, text);
      AppendFixed<columnar::Int128>(node, *parsed);
      return Outcome::kOk;
    }
    case Kind::kText: return AppendText(node, value, type, problem);
    case Kind::kDate:
    case Kind::kTimestamp: {
      if (type != ondemand::json_type::string) return Mismatch(node, problem, JsonKindName(type));
      std::string_view text;
      if (auto error = value.get_string().get(text)) return Broken(node, problem, error);
      if (node.kind == Kind::kDate) {
        int32_t days;
        if (!inference::ParseDateText(text, inference::DateLayout::kIso, &days)) {
          return Mismatch(node, problem, fmt::format("\"{}\"", text.substr(0, 40)));
        }
        AppendFixed<int32_t>(node, days);
      } else {
        int64_t micros;
        bool zone;
        if (!inference::ParseTimestampText(text, inference::DateLayout::kIso, &micros, &zone)) {
          return Mismatch(node, problem, fmt::format("\"{}\"", text.substr(0, 40)));
        }
        AppendFixed<int64_t>(node, micros);
      }
      return Outcome::kOk;
    }
    case Kind::kStruct: {
      if (type != ondemand::json_type::object) return Mismatch(node, problem, JsonKindName(type));
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return Broken(node, problem, error);
      Outcome outcome = AppendObject(node, object, problem, unknown);
      static_cast<columnar::StructBuilder*>(node.builder)->AppendValid();
      return outcome;
    }
    case Kind::kList: {
      if (type != ondemand::json_type::array) return Mismatch(node, problem, JsonKindName(type));
      ondemand::array array;
      if (auto error = value.get_array().get(array)) return Broken(node, problem, error);
      Outcome outcome = Outcome::kOk;
      for (auto element : array) {
        ondemand::value item;
        if (auto error = element.get(item)) {
          problem.Set(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
          outcome = Outcome::kBroken;
          break;
        }
        Outcome child = AppendValue(*node.children[0], item, problem, nullptr);
        if (child == Outcome::kBroken) {
          outcome = child;
          break;
        }
        if (child == Outcome::kMismatch) outcome = child;
      }
      static_cast<columnar::ListBuilder*>(node.builder)->AppendValid();
      return outcome;
    }
    case Kind::kMap: {
      if (type != ondemand::json_type::object) return Mismatch(node, problem, JsonKindName(type));
      auto* map = static_cast<columnar::ListBuilder*>(node.builder);
      auto* keys = static_cast<columnar::StringBuilder*>(map->child(0));
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return Broken(node, problem, error);
      Outcome outcome = Outcome::kOk;
      for (auto field : object) {
        std::string_view key;
        ondemand::value item;
        simdjson::error_code error = field.unescaped_key().get(key);
        if (!error) error = field.value().get(item);
        if (error) {
          problem.Set(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
          outcome = Outcome::kBroken;
          break;
        }
        keys->Append(key);
        Outcome child = AppendValue(*node.children[0], item, problem, nullptr);
        if (child == Outcome::kBroken) {
          outcome = child;
          break;
        }
        if (child == Outcome::kMismatch) outcome = child;
      }
      map->AppendValid();
      return outcome;
    }
  }
  return Mismatch(node, problem, JsonKindName(type));
}

}  // namespace

RecordConverter::RecordConverter(columnar::SchemaPtr schema) : schema_(std::move(schema)) {
  auto type = columnar::DataType::Struct(schema_->fields());
  builder_ = std::make_unique<columnar::StructBuilder>(type);
  root_ = std::make_unique<Node>();
  Build(*root_, type, builder_.get(), "");
}

RecordConverter::~RecordConverter() = default;

int64_t RecordConverter::rows() const { return builder_->length(); }

bool RecordConverter::Append(std::string_view record, size_t readable_after, std::string* problem_out) {
  thread_local ondemand::parser parser;
  Problem problem;
  ondemand::document document;
  auto padded = simdjson::padded_string_view(record.data(), record.size(), record.size() + readable_after);
  simdjson::error_code error = parser.iterate(padded).get(document);
  ondemand::object object;
  if (!error) error = document.get_object().get(object);
  if (error) {
    builder_->AppendNull();
    *problem_out = error == simdjson::INCORRECT_TYPE ? "a record is not a JSON object"
                                                     : fmt::format("invalid JSON: {}", simdjson::error_message(error));
    return false;
  }
  int64_t unknown = 0;
  Outcome outcome = AppendObject(*root_, object, problem, &unknown);
  builder_->AppendValid();
  if (unknown > 0) {
    if (unknown_fields_ == 0) {
      // Find the name for the message: the first key not in the schema.
      ondemand::document again;
      ondemand::object fields;
      if (!parser.iterate(padded).get(again) && !again.get_object().get(fields)) {
        for (auto field : fields) {
          std::string_view key;
          if (field.unescaped_key().get(key)) break;
          if (!root_->index.count(key)) {
            first_unknown_field_ = std::string(key);
            break;
          }
        }
      }
    }
    unknown_fields_ += unknown;
  }
  if (outcome == Outcome::kOk && document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    problem.Set("invalid JSON: text after the record");
    outcome = Outcome::kBroken;
  }
  if (outcome != Outcome::kOk) {
    *problem_out = std::move(problem.message);
    return false;
  }
  return true;
}

std::vector<columnar::ColumnPtr> RecordConverter::Finish() {
  columnar::ColumnPtr record = builder_->Finish();
  return record->children();
}

}  // namespace sluice::formats::json
