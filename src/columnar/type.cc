// Data types and Glue/Hive type strings: see type.h.
#include "columnar/type.h"

#include <cctype>

#include <fmt/format.h>

namespace sluice::columnar {

namespace {

TypePtr MakeShared(TypeId id) {
  struct Access : DataType {
    explicit Access(TypeId i) : DataType(i) {}
  };
  return std::make_shared<Access>(id);
}

}  // namespace

int DataType::byte_width() const {
  switch (id_) {
    case TypeId::kBoolean:
    case TypeId::kInt8: return 1;
    case TypeId::kInt16: return 2;
    case TypeId::kInt32:
    case TypeId::kFloat32:
    case TypeId::kDate: return 4;
    case TypeId::kInt64:
    case TypeId::kFloat64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return 8;
    case TypeId::kDecimal: return 16;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kList:
    case TypeId::kMap: return 8;  // offsets
    case TypeId::kStruct:
    case TypeId::kNull: return 0;
  }
  return 0;
}

bool DataType::Equals(const DataType& other) const {
  if (id_ != other.id_) return false;
  if (id_ == TypeId::kDecimal) return precision_ == other.precision_ && scale_ == other.scale_;
  if (fields_.size() != other.fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (id_ == TypeId::kStruct && fields_[i].name != other.fields_[i].name) return false;
    if (!fields_[i].type->Equals(*other.fields_[i].type)) return false;
  }
  return true;
}

std::string DataType::ToGlueType() const {
  switch (id_) {
    case TypeId::kBoolean: return "boolean";
    case TypeId::kInt8: return "tinyint";
    case TypeId::kInt16: return "smallint";
    case TypeId::kInt32: return "int";
    case TypeId::kInt64: return "bigint";
    case TypeId::kFloat32: return "float";
    case TypeId::kFloat64: return "double";
    case TypeId::kDecimal: return fmt::format("decimal({},{})", precision_, scale_);
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kTimestampTz: return "timestamp with local time zone";
    case TypeId::kNull: return "void";
    case TypeId::kList: return "array<" + element()->ToGlueType() + ">";
    case TypeId::kMap: return "map<" + key()->ToGlueType() + "," + value()->ToGlueType() + ">";
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) out += ',';
        out += fields_[i].name;
        out += ':';
        out += fields_[i].type->ToGlueType();
      }
      return out + ">";
    }
  }
  return "string";
}

TypePtr DataType::Primitive(TypeId id) {
  static const TypePtr kTypes[] = {
      MakeShared(TypeId::kBoolean), MakeShared(TypeId::kInt8),    MakeShared(TypeId::kInt16),
      MakeShared(TypeId::kInt32),   MakeShared(TypeId::kInt64),   MakeShared(TypeId::kFloat32),
      MakeShared(TypeId::kFloat64), nullptr,                      MakeShared(TypeId::kString),
      MakeShared(TypeId::kBinary),  MakeShared(TypeId::kDate),    MakeShared(TypeId::kTimestamp),
      MakeShared(TypeId::kTimestampTz), nullptr,                  nullptr,
      nullptr,                      MakeShared(TypeId::kNull)};
  return kTypes[static_cast<int>(id)];
}

TypePtr DataType::Boolean() { return Primitive(TypeId::kBoolean); }
TypePtr DataType::Int8() { return Primitive(TypeId::kInt8); }
TypePtr DataType::Int16() { return Primitive(TypeId::kInt16); }
TypePtr DataType::Int32() { return Primitive(TypeId::kInt32); }
TypePtr DataType::Int64() { return Primitive(TypeId::kInt64); }
TypePtr DataType::Float32() { return Primitive(TypeId::kFloat32); }
TypePtr DataType::Float64() { return Primitive(TypeId::kFloat64); }
TypePtr DataType::String() { return Primitive(TypeId::kString); }
TypePtr DataType::Binary() { return Primitive(TypeId::kBinary); }
TypePtr DataType::Date() { return Primitive(TypeId::kDate); }
TypePtr DataType::Timestamp() { return Primitive(TypeId::kTimestamp); }
TypePtr DataType::TimestampTz() { return Primitive(TypeId::kTimestampTz); }
TypePtr DataType::Null() { return Primitive(TypeId::kNull); }

TypePtr DataType::Decimal(int precision, int scale) {
  struct Access : DataType {
    Access() : DataType(TypeId::kDecimal) {}
    void Set(int p, int s) {
      precision_ = p;
      scale_ = s;
    }
  };
  auto type = std::make_shared<Access>();
  type->Set(precision, scale);
  return type;
}

TypePtr DataType::Struct(std::vector<Field> fields) {
  struct Access : DataType {
    explicit Access(std::vector<Field> f) : DataType(TypeId::kStruct) { fields_ = std::move(f); }
  };
  return std::make_shared<Access>(std::move(fields));
}

TypePtr DataType::List(TypePtr element) {
  struct Access : DataType {
    explicit Access(TypePtr e) : DataType(TypeId::kList) { fields_.push_back({"element", std::move(e), true}); }
  };
  return std::make_shared<Access>(std::move(element));
}

TypePtr DataType::Map(TypePtr key, TypePtr value) {
  struct Access : DataType {
    Access(TypePtr k, TypePtr v) : DataType(TypeId::kMap) {
      fields_.push_back({"key", std::move(k), false});
      fields_.push_back({"value", std::move(v), true});
    }
  };
  return std::make_shared<Access>(std::move(key), std::move(value));
}

std::string TypeName(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return "boolean";
    case TypeId::kInt8: return "int8";
    case TypeId::kInt16: return "int16";
    case TypeId::kInt32: return "int32";
    case TypeId::kInt64: return "int64";
    case TypeId::kFloat32: return "float32";
    case TypeId::kFloat64: return "float64";
    case TypeId::kTimestampTz: return "timestamp_tz";
    default: return type.ToGlueType();
  }
}

// --- Parsing Glue/Hive type strings ---

namespace {

class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  Result<TypePtr> ParseAll() {
    ASSIGN_OR_RETURN(TypePtr type, ParseType(0));
    SkipSpaces();
    if (pos_ != text_.size()) return Error("unexpected text");
    return type;
  }

 private:
  static constexpr int kMaxDepth = 64;

  Status Error(std::string_view what) const {
    return InvalidArgument(fmt::format("invalid type '{}': {} at position {}", text_, what, pos_));
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  // A lowercase word of letters, digits and underscores.
  std::string Word() {
    SkipSpaces();
    std::string out;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(text_[pos_])));
      ++pos_;
    }
    return out;
  }

  bool Consume(char c) {
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Result<int> Number() {
    SkipSpaces();
    size_t start = pos_;
    int value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (pos_ - start >= 6) return Error("number too large");
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start) return Error("expected a number");
    return value;
  }

  // Struct field names may hold anything but ':' ',' '<' '>' (Glue allows spaces and hyphens);
  // backquoted names are taken literally.
  Result<std::string> FieldName() {
    SkipSpaces();
    std::string out;
    if (pos_ < text_.size() && text_[pos_] == '`') {
      size_t close = text_.find('`', pos_ + 1);
      if (close == std::string_view::npos) return Error("unterminated `name`");
      out = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
      return out;
    }
    while (pos_ < text_.size() && text_[pos_] != ':' && text_[pos_] != ',' && text_[pos_] != '<' &&
           text_[pos_] != '>') {
      out += text_[pos_++];
    }
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    if (out.empty()) return Error("expected a field name");
    return out;
  }

  Result<TypePtr> ParseType(int depth) {
    if (depth > kMaxDepth) return Error("nesting too deep");
    std::string word = Word();
    if (word.empty()) return Error("expected a type name");
    if (word == "boolean" || word == "bool") return DataType::Boolean();
    if (word == "tinyint" || word == "byte") return DataType::Int8();
    if (word == "smallint" || word == "short") return DataType::Int16();
    if (word == "int" || word == "integer") return DataType::Int32();
    if (word == "bigint" || word == "long") return DataType::Int64();
    if (word == "float" || word == "real") return DataType::Float32();
    if (word == "double") {
      size_t saved = pos_;
      if (Word() != "precision") pos_ = saved;
      return DataType::Float64();
    }
    if (word == "string") return DataType::String();
    if (word == "binary") return DataType::Binary();
    if (word == "date") return DataType::Date();
    if (word == "void") return DataType::Null();
    if (word == "char" || word == "varchar") {
      if (Consume('(')) {
        ASSIGN_OR_RETURN(int length, Number());
        (void)length;
        if (!Consume(')')) return Error("expected ')'");
      }
      return DataType::String();
    }
    if (word == "timestamp") {
      size_t saved = pos_;
      if (Word() == "with") {
        if (Word() == "local" && Word() == "time" && Word() == "zone") return DataType::TimestampTz();
        return Error("expected 'with local time zone'");
      }
      pos_ = saved;
      return DataType::Timestamp();
    }
    if (word == "decimal" || word == "numeric") {
      int precision = 10, scale = 0;
      if (Consume('(')) {
        ASSIGN_OR_RETURN(precision, Number());
        if (Consume(',')) {
          ASSIGN_OR_RETURN(scale, Number());
        }
        if (!Consume(')')) return Error("expected ')'");
      }
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
        return Error("decimal precision must be 1..38 and scale 0..precision");
      }
      return DataType::Decimal(precision, scale);
    }
    if (word == "array") {
      if (!Consume('<')) return Error("expected '<'");
      ASSIGN_OR_RETURN(TypePtr element, ParseType(depth + 1));
      if (!Consume('>')) return Error("expected '>'");
      return DataType::List(std::move(element));
    }
    if (word == "map") {
      if (!Consume('<')) return Error("expected '<'");
      ASSIGN_OR_RETURN(TypePtr key, ParseType(depth + 1));
      if (key->is_nested()) return Error("map keys must be primitive");
      if (!Consume(',')) return Error("expected ','");
      ASSIGN_OR_RETURN(TypePtr value, ParseType(depth + 1));
      if (!Consume('>')) return Error("expected '>'");
      return DataType::Map(std::move(key), std::move(value));
    }
    if (word == "struct") {
      if (!Consume('<')) return Error("expected '<'");
      std::vector<Field> fields;
      if (Consume('>')) return DataType::Struct(std::move(fields));
      do {
        ASSIGN_OR_RETURN(std::string name, FieldName());
        if (!Consume(':')) return Error("expected ':'");
        ASSIGN_OR_RETURN(TypePtr type, ParseType(depth + 1));
        fields.push_back({std::move(name), std::move(type), true});
      } while (Consume(','));
      if (!Consume('>')) return Error("expected '>'");
      return DataType::Struct(std::move(fields));
    }
    return Error("unknown type '" + word + "'");
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<TypePtr> ParseGlueType(std::string_view text) { return TypeParser(text).ParseAll(); }

}  // namespace sluice::columnar
