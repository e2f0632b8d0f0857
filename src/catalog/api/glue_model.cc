// Glue request validation: see glue_model.h.
#include "catalog/api/glue_model.h"

#include <cmath>
#include <map>
#include <optional>

#include <boost/json/array.hpp>
#include <fmt/format.h>
#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include "common/json.h"

namespace sluice::catalog {

namespace json = boost::json;

namespace {

enum class ShapeType { kString, kInteger, kLong, kDouble, kFloat, kBoolean, kTimestamp, kBlob, kStructure, kList, kMap };

std::optional<ShapeType> ParseShapeType(std::string_view type) {
  static const std::map<std::string_view, ShapeType> kTypes = {
      {"string", ShapeType::kString},       {"integer", ShapeType::kInteger},  {"long", ShapeType::kLong},
      {"double", ShapeType::kDouble},       {"float", ShapeType::kFloat},      {"boolean", ShapeType::kBoolean},
      {"timestamp", ShapeType::kTimestamp}, {"blob", ShapeType::kBlob},        {"structure", ShapeType::kStructure},
      {"list", ShapeType::kList},           {"map", ShapeType::kMap},
  };
  auto it = kTypes.find(type);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

struct Member {
  std::string name;       // as on the wire: "DatabaseInput"
  std::string path_name;  // as AWS names it in messages: "databaseInput"
  int shape = -1;
  bool required = false;
};

struct Shape {
  ShapeType type = ShapeType::kString;
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> enum_values;
  std::unique_ptr<RE2> pattern;
  std::string pattern_text;  // the model's own text, quoted in messages
  std::vector<Member> members;
  int element = -1;  // lists
  int key = -1;      // maps
  int value = -1;    // maps
};

std::string LowerFirst(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

// Characters, counted as AWS counts string length (code points; a UTF-16 count differs only
// for supplementary characters, which count once here).
size_t CharacterCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

std::string FormatNumber(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) return fmt::format("{}", static_cast<int64_t>(value));
  return fmt::format("{}", value);
}

// How a value is quoted in a validation message: strings as is, numbers as numbers, lists in
// Java's "[a, b]" form, anything else as compact JSON.
std::string DescribeValue(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_array()) {
    std::string out = "[";
    bool first = true;
    for (const auto& item : value.get_array()) {
      if (!first) out += ", ";
      first = false;
      out += DescribeValue(item);
    }
    return out + "]";
  }
  if (auto number = AsNumber(value)) return FormatNumber(*number);
  return ToJson(value);
}

class Validator {
 public:
  explicit Validator(const std::vector<Shape>& shapes) : shapes_(shapes) {}

  void Check(int shape_index, const json::value& value, const std::string& path) {
    const Shape& shape = shapes_[shape_index];
    switch (shape.type) {
      case ShapeType::kString:
        if (!value.is_string()) return WrongType(path, "a string");
        CheckString(shape, value, path);
        return;
      case ShapeType::kBlob:
        if (!value.is_string()) return WrongType(path, "a base64 string");
        return;
      case ShapeType::kBoolean:
        if (!value.is_bool()) return WrongType(path, "a boolean");
        return;
      case ShapeType::kInteger:
      case ShapeType::kLong: {
        auto number = AsNumber(value);
        if (!number) return WrongType(path, "a number");
        if (std::floor(*number) != *number) return WrongType(path, "an integer");
        CheckRange(shape, value, *number, path);
        return;
      }
      case ShapeType::kDouble:
      case ShapeType::kFloat: {
        auto number = AsNumber(value);
        if (!number) return WrongType(path, "a number");
        CheckRange(shape, value, *number, path);
        return;
      }
      case ShapeType::kTimestamp:
        if (!value.is_number() && !value.is_string()) return WrongType(path, "a timestamp");
        return;
      case ShapeType::kStructure: {
        if (!value.is_object()) return WrongType(path, "a structure");
        CheckMembers(shape, value.get_object(), path);
        return;
      }
      case ShapeType::kList: {
        if (!value.is_array()) return WrongType(path, "a list");
        const json::array& items = value.get_array();
        CheckCount(shape, value, items.size(), path);
        for (size_t i = 0; i < items.size(); ++i) {
          if (items[i].is_null()) continue;
          Check(shape.element, items[i], fmt::format("{}.{}.member", path, i + 1));
        }
        return;
      }
      case ShapeType::kMap: {
        if (!value.is_object()) return WrongType(path, "a map");
        const json::object& entries = value.get_object();
        CheckCount(shape, value, entries.size(), path);
        for (const auto& entry : entries) {
          json::value key(entry.key());
          Check(shape.key, key, path + ".key");
          if (!entry.value().is_null()) Check(shape.value, entry.value(), path + ".value");
        }
        return;
      }
    }
  }

  void CheckMembers(const Shape& shape, const json::object& object, const std::string& path) {
    for (const Member& member : shape.members) {
      std::string member_path = path.empty() ? member.path_name : path + "." + member.path_name;
      auto it = object.find(member.name);
      if (it == object.end() || it->value().is_null()) {
        if (member.required) Violation(member_path, "null", "Member must not be null");
        continue;
      }
      Check(member.shape, it->value(), member_path);
    }
  }

  Status Result() const {
    if (!serialization_error_.empty()) return AwsError("SerializationException", 400, serialization_error_);
    if (violations_.empty()) return Status::Ok();
    std::string message =
        fmt::format("{} validation error{} detected: ", violation_count_, violation_count_ == 1 ? "" : "s");
    for (size_t i = 0; i < violations_.size(); ++i) {
      if (i > 0) message += "; ";
      message += violations_[i];
    }
    return AwsError("ValidationException", 400, message);
  }

 private:
  void CheckString(const Shape& shape, const json::value& value, const std::string& path) {
    std::string_view text = value.get_string();
    size_t length = CharacterCount(text);
    if (shape.min && static_cast<double>(length) < *shape.min) {
      Violation(path, Quoted(value),
                fmt::format("Member must have length greater than or equal to {}", FormatNumber(*shape.min)));
    }
    if (shape.max && static_cast<double>(length) > *shape.max) {
      Violation(path, Quoted(value),
                fmt::format("Member must have length less than or equal to {}", FormatNumber(*shape.max)));
    }
    if (!shape.enum_values.empty()) {
      bool found = false;
      for (const auto& allowed : shape.enum_values) found = found || allowed == text;
      if (!found) {
        Violation(path, Quoted(value),
                  fmt::format("Member must satisfy enum value set: [{}]", fmt::join(shape.enum_values, ", ")));
      }
    }
    if (shape.pattern && !RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *shape.pattern)) {
      Violation(path, Quoted(value),
                fmt::format("Member must satisfy regular expression pattern: {}", shape.pattern_text));
    }
  }

  void CheckRange(const Shape& shape, const json::value& value, double number, const std::string& path) {
    if (shape.min && number < *shape.min) {
      Violation(path, Quoted(value),
                fmt::format("Member must have value greater than or equal to {}", FormatNumber(*shape.min)));
    }
    if (shape.max && number > *shape.max) {
      Violation(path, Quoted(value),
                fmt::format("Member must have value less than or equal to {}", FormatNumber(*shape.max)));
    }
  }

  void CheckCount(const Shape& shape, const json::value& value, size_t count, const std::string& path) {
    if (shape.min && static_cast<double>(count) < *shape.min) {
      Violation(path, Quoted(value),
                fmt::format("Member must have length greater than or equal to {}", FormatNumber(*shape.min)));
    }
    if (shape.max && static_cast<double>(count) > *shape.max) {
      Violation(path, Quoted(value),
                fmt::format("Member must have length less than or equal to {}", FormatNumber(*shape.max)));
    }
  }

  static std::string Quoted(const json::value& value) {
    std::string text = DescribeValue(value);
    if (text.size() > 256) text = text.substr(0, 256) + "...";
    return "'" + text + "'";
  }

  void Violation(const std::string& path, const std::string& shown_value, const std::string& constraint) {
    // A hostile request could carry millions of violations: count them all, describe ten.
    ++violation_count_;
    if (violations_.size() >= 10) return;
    violations_.push_back(fmt::format("Value {} at '{}' failed to satisfy constraint: {}", shown_value, path, constraint));
  }

  void WrongType(const std::string& path, std::string_view expected) {
    if (serialization_error_.empty()) {
      serialization_error_ = fmt::format("Expected {} at '{}'", expected, path.empty() ? "(input)" : path);
    }
  }

  const std::vector<Shape>& shapes_;
  std::vector<std::string> violations_;
  size_t violation_count_ = 0;
  std::string serialization_error_;
};

}  // namespace

struct GlueModel::Impl {
  std::vector<Shape> shapes;
  std::map<std::string, int, std::less<>> operations;  // operation → input shape index
};

GlueModel::GlueModel() : impl_(std::make_unique<Impl>()) {
  std::string text;
  for (size_t i = 0; i < kGlueModelChunkCount; ++i) text += kGlueModelChunks[i];
  JsonLimits limits;
  limits.max_bytes = text.size() + 1;
  auto parsed = ParseJson(text, limits);
  if (!parsed.ok() || !parsed->is_object()) {
    spdlog::error("the generated Glue model does not parse: {}", parsed.status().ToString());
    return;
  }
  const json::object& root = parsed->get_object();
  const json::object* shapes = GetObject(root, "shapes");
  const json::object* operations = GetObject(root, "operations");
  if (shapes == nullptr || operations == nullptr) return;

  std::map<std::string, int, std::less<>> index;
  for (const auto& entry : *shapes) index.emplace(std::string(entry.key()), static_cast<int>(index.size()));
  auto lookup = [&](std::optional<std::string_view> name) {
    if (!name) return -1;
    auto it = index.find(*name);
    return it == index.end() ? -1 : it->second;
  };

  impl_->shapes.resize(index.size());
  for (const auto& entry : *shapes) {
    Shape& shape = impl_->shapes[index[std::string(entry.key())]];
    const json::object& spec = entry.value().as_object();
    shape.type = ParseShapeType(GetString(spec, "t").value_or("string")).value_or(ShapeType::kString);
    shape.min = GetNumber(spec, "min");
    shape.max = GetNumber(spec, "max");
    if (const json::array* values = GetArray(spec, "enum")) {
      for (const auto& value : *values) {
        if (value.is_string()) shape.enum_values.emplace_back(value.get_string());
      }
    }
    if (auto pattern = GetString(spec, "pattern")) {
      RE2::Options options;
      options.set_log_errors(false);
      auto compiled = std::make_unique<RE2>(re2::StringPiece(pattern->data(), pattern->size()), options);
      if (compiled->ok()) {
        shape.pattern = std::move(compiled);
        shape.pattern_text = std::string(GetString(spec, "shown").value_or(*pattern));
      }
    }
    if (const json::object* members = GetObject(spec, "m")) {
      std::vector<std::string_view> required;
      if (const json::array* names = GetArray(spec, "required")) {
        for (const auto& name : *names) {
          if (name.is_string()) required.push_back(name.get_string());
        }
      }
      for (const auto& member : *members) {
        Member m;
        m.name = std::string(member.key());
        m.path_name = LowerFirst(m.name);
        m.shape = lookup(member.value().is_string() ? std::optional<std::string_view>(member.value().get_string())
                                                    : std::nullopt);
        for (auto name : required) m.required = m.required || name == m.name;
        if (m.shape >= 0) shape.members.push_back(std::move(m));
      }
    }
    shape.element = lookup(GetString(spec, "e"));
    shape.key = lookup(GetString(spec, "k"));
    shape.value = lookup(GetString(spec, "v"));
  }
  for (const auto& entry : *operations) {
    if (!entry.value().is_string()) continue;
    int shape = lookup(entry.value().get_string());
    if (shape >= 0) impl_->operations.emplace(std::string(entry.key()), shape);
  }
}

GlueModel::~GlueModel() = default;

const GlueModel& GlueModel::Get() {
  static const GlueModel* const model = new GlueModel();
  return *model;
}

bool GlueModel::HasOperation(std::string_view operation) const {
  return impl_->operations.find(operation) != impl_->operations.end();
}

size_t GlueModel::shape_count() const { return impl_->shapes.size(); }

Status GlueModel::ValidateInput(std::string_view operation, const json::object& input) const {
  auto it = impl_->operations.find(operation);
  if (it == impl_->operations.end()) return Status::Ok();
  Validator validator(impl_->shapes);
  validator.CheckMembers(impl_->shapes[it->second], input, "");
  return validator.Result();
}

}  // namespace sluice::catalog
