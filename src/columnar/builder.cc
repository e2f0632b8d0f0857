// Builders: see builder.h.
#include "columnar/builder.h"

namespace sluice::columnar {

void ValidityBuilder::Materialise() {
  bits_ = Buffer::Allocate(0);
  bits_->Reserve(BitmapBytes(length_ + 64));
  bits_->Resize(BitmapBytes(length_));
  std::memset(bits_->mutable_data(), 0xff, bits_->size());
}

void ValidityBuilder::AppendValid(int64_t count) {
  if (bits_) {
    for (int64_t i = 0; i < count; ++i) SetAt(length_ + i, true);
  }
  length_ += count;
}

BufferPtr ValidityBuilder::Finish() {
  BufferPtr out = null_count_ > 0 ? std::move(bits_) : nullptr;
  bits_.reset();
  length_ = 0;
  null_count_ = 0;
  return out;
}

StringBuilder::StringBuilder(TypePtr type)
    : ColumnBuilder(std::move(type)), offsets_(Buffer::Allocate(sizeof(int64_t))), data_(Buffer::Allocate(0)) {
  int64_t zero = 0;
  std::memcpy(offsets_->mutable_data(), &zero, sizeof(zero));
}

void StringBuilder::Reserve(int64_t additional) {
  offsets_->Reserve(static_cast<size_t>(length() + additional + 1) * sizeof(int64_t));
  validity_.Reserve(length() + additional);
}

ColumnPtr StringBuilder::Finish() {
  int64_t length = validity_.length();
  int64_t nulls = validity_.null_count();
  auto validity = validity_.Finish();
  auto offsets = std::move(offsets_);
  auto data = std::move(data_);
  offsets_ = Buffer::Allocate(sizeof(int64_t));
  int64_t zero = 0;
  std::memcpy(offsets_->mutable_data(), &zero, sizeof(zero));
  data_ = Buffer::Allocate(0);
  return Column::Make(type_, length, std::move(validity), std::move(offsets), std::move(data), {}, nulls);
}

StructBuilder::StructBuilder(TypePtr type) : ColumnBuilder(std::move(type)) {
  for (const auto& field : type_->fields()) children_.push_back(MakeBuilder(field.type));
}

void StructBuilder::Reserve(int64_t additional) {
  validity_.Reserve(length() + additional);
  for (auto& child : children_) child->Reserve(additional);
}

void StructBuilder::AppendNull() {
  for (auto& child : children_) child->AppendNull();
  validity_.AppendNull();
}

ColumnPtr StructBuilder::Finish() {
  int64_t length = validity_.length();
  int64_t nulls = validity_.null_count();
  std::vector<ColumnPtr> children;
  for (auto& child : children_) children.push_back(child->Finish());
  return Column::Make(type_, length, validity_.Finish(), nullptr, nullptr, std::move(children), nulls);
}

ListBuilder::ListBuilder(TypePtr type) : ColumnBuilder(std::move(type)), offsets_(Buffer::Allocate(sizeof(int64_t))) {
  int64_t zero = 0;
  std::memcpy(offsets_->mutable_data(), &zero, sizeof(zero));
  if (type_->id() == TypeId::kMap) {
    children_.push_back(MakeBuilder(type_->key()));
    children_.push_back(MakeBuilder(type_->value()));
  } else {
    children_.push_back(MakeBuilder(type_->element()));
  }
}

void ListBuilder::Reserve(int64_t additional) {
  offsets_->Reserve(static_cast<size_t>(length() + additional + 1) * sizeof(int64_t));
  validity_.Reserve(length() + additional);
}

void ListBuilder::PushOffset() {
  size_t needed = offsets_->size() + sizeof(int64_t);
  if (needed > offsets_->capacity()) offsets_->Reserve(needed);
  int64_t end = children_[0]->length();
  std::memcpy(offsets_->mutable_data() + offsets_->size(), &end, sizeof(end));
  offsets_->Resize(needed);
}

void ListBuilder::AppendValid() {
  PushOffset();
  validity_.AppendValid();
}

void ListBuilder::AppendNull() {
  PushOffset();
  validity_.AppendNull();
}

ColumnPtr ListBuilder::Finish() {
  int64_t length = validity_.length();
  int64_t nulls = validity_.null_count();
  std::vector<ColumnPtr> children;
  for (auto& child : children_) children.push_back(child->Finish());
  auto offsets = std::move(offsets_);
  offsets_ = Buffer::Allocate(sizeof(int64_t));
  int64_t zero = 0;
  std::memcpy(offsets_->mutable_data(), &zero, sizeof(zero));
  return Column::Make(type_, length, validity_.Finish(), std::move(offsets), nullptr, std::move(children), nulls);
}

ColumnPtr NullBuilder::Finish() {
  int64_t length = length_;
  length_ = 0;
  return Column::MakeNull(DataType::Null(), length);
}

std::unique_ptr<ColumnBuilder> MakeBuilder(const TypePtr& type) {
  switch (type->id()) {
    case TypeId::kBoolean: return std::make_unique<BooleanBuilder>(type);
    case TypeId::kInt8: return std::make_unique<Int8Builder>(type);
    case TypeId::kInt16: return std::make_unique<Int16Builder>(type);
    case TypeId::kInt32:
    case TypeId::kDate: return std::make_unique<Int32Builder>(type);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return std::make_unique<Int64Builder>(type);
    case TypeId::kFloat32: return std::make_unique<Float32Builder>(type);
    case TypeId::kFloat64: return std::make_unique<Float64Builder>(type);
    case TypeId::kDecimal: return std::make_unique<DecimalBuilder>(type);
    case TypeId::kString:
    case TypeId::kBinary: return std::make_unique<StringBuilder>(type);
    case TypeId::kStruct: return std::make_unique<StructBuilder>(type);
    case TypeId::kList:
    case TypeId::kMap: return std::make_unique<ListBuilder>(type);
    case TypeId::kNull: return std::make_unique<NullBuilder>();
  }
  return std::make_unique<NullBuilder>();
}

namespace {
template <typename T>
void AppendFixed(ColumnBuilder& builder, const Column& column, int64_t row) {
  static_cast<FixedWidthBuilder<T>&>(builder).Append(column.Values<T>()[row]);
}
}  // namespace

void AppendValueFrom(ColumnBuilder& builder, const Column& column, int64_t row) {
  if (column.IsNull(row)) {
    builder.AppendNull();
    return;
  }
  switch (column.type_id()) {
    case TypeId::kBoolean: AppendFixed<uint8_t>(builder, column, row); return;
    case TypeId::kInt8: AppendFixed<int8_t>(builder, column, row); return;
    case TypeId::kInt16: AppendFixed<int16_t>(builder, column, row); return;
    case TypeId::kInt32:
    case TypeId::kDate: AppendFixed<int32_t>(builder, column, row); return;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: AppendFixed<int64_t>(builder, column, row); return;
    case TypeId::kFloat32: AppendFixed<float>(builder, column, row); return;
    case TypeId::kFloat64: AppendFixed<double>(builder, column, row); return;
    case TypeId::kDecimal: AppendFixed<Int128>(builder, column, row); return;
    case TypeId::kString:
    case TypeId::kBinary: static_cast<StringBuilder&>(builder).Append(column.GetView(row)); return;
    case TypeId::kNull: builder.AppendNull(); return;
    case TypeId::kStruct: {
      auto& out = static_cast<StructBuilder&>(builder);
      for (size_t f = 0; f < out.num_children(); ++f) AppendValueFrom(*out.child(f), *column.child(f), row);
      out.AppendValid();
      return;
    }
    case TypeId::kList:
    case TypeId::kMap: {
      auto& out = static_cast<ListBuilder&>(builder);
      const int64_t* offsets = column.Offsets();
      for (int64_t j = offsets[row]; j < offsets[row + 1]; ++j) {
        for (size_t c = 0; c < column.children().size(); ++c) AppendValueFrom(*out.child(c), *column.child(c), j);
      }
      out.AppendValid();
      return;
    }
  }
}

ColumnPtr ConcatenateColumns(const std::vector<ColumnPtr>& columns) {
  if (columns.size() == 1) return columns[0];
  const TypePtr& type = columns[0]->type();
  int64_t total = 0;
  for (const auto& column : columns) total += column->length();
  auto builder = MakeBuilder(type);
  builder->Reserve(total);
  if (type->is_binary_like()) {
    size_t bytes = 0;
    for (const auto& column : columns) {
      if (column->length() > 0) bytes += static_cast<size_t>(column->Offsets()[column->length()] - column->Offsets()[0]);
    }
    static_cast<StringBuilder&>(*builder).ReserveData(bytes);
  }
  for (const auto& column : columns) {
    for (int64_t i = 0; i < column->length(); ++i) AppendValueFrom(*builder, *column, i);
  }
  return builder->Finish();
}

}  // namespace sluice::columnar
