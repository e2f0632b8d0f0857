// Row selection: see selection.h.
#include "engine/expr/selection.h"

#include <algorithm>
#include <cstring>

#include "columnar/builder.h"
#include "engine/expr/physical_type.h"

namespace sluice::engine {

using columnar::Buffer;
using columnar::BufferPtr;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::TypeId;

namespace {

// Validity of the gathered rows, or null when every gathered row is valid.
BufferPtr GatherValidity(const Column& column, const int64_t* indices, int64_t count, int64_t* null_count) {
  bool any_missing = false;
  for (int64_t i = 0; i < count; ++i) any_missing |= indices[i] < 0;
  *null_count = 0;
  if (!any_missing && column.null_count() == 0) return nullptr;
  size_t words = static_cast<size_t>((count + 63) / 64);
  auto bits = Buffer::Allocate(words * 8);
  bits->Resize(columnar::BitmapBytes(count));
  uint64_t* out = bits->mutable_as<uint64_t>();
  int64_t valid_total = 0;
  for (size_t w = 0; w < words; ++w) {
    uint64_t word = 0;
    int64_t base = static_cast<int64_t>(w) * 64;
    int64_t end = count - base < 64 ? count - base : 64;
    for (int64_t b = 0; b < end; ++b) {
      int64_t index = indices[base + b];
      bool valid = index >= 0 && column.IsValid(index);
      word |= static_cast<uint64_t>(valid) << b;
    }
    valid_total += __builtin_popcountll(word);
    out[w] = word;
  }
  *null_count = count - valid_total;
  return *null_count > 0 ? bits : nullptr;
}

template <typename T>
BufferPtr GatherFixed(const Column& column, const int64_t* indices, int64_t count) {
  auto values = Buffer::Allocate(static_cast<size_t>(count) * sizeof(T));
  T* out = values->mutable_as<T>();
  const T* in = column.Values<T>();
  for (int64_t i = 0; i < count; ++i) {
    int64_t index = indices[i];
    out[i] = index >= 0 ? in[index] : T{};
  }
  return values;
}

ColumnPtr GatherBinary(const Column& column, const int64_t* indices, int64_t count, BufferPtr validity,
                       int64_t null_count) {
  const int64_t* in_offsets = column.Offsets();
  auto offsets = Buffer::Allocate(static_cast<size_t>(count + 1) * sizeof(int64_t));
  int64_t* out_offsets = offsets->mutable_as<int64_t>();
  int64_t total = 0;
  out_offsets[0] = 0;
  for (int64_t i = 0; i < count; ++i) {
    int64_t index = indices[i];
    if (index >= 0) total += in_offsets[index + 1] - in_offsets[index];
    out_offsets[i + 1] = total;
  }
  auto data = Buffer::Allocate(static_cast<size_t>(total));
  uint8_t* out = data->mutable_data();
  const uint8_t* in = column.data()->data();
  for (int64_t i = 0; i < count; ++i) {
    int64_t index = indices[i];
    if (index < 0) continue;
    int64_t length = in_offsets[index + 1] - in_offsets[index];
    if (length > 0) std::memcpy(out + out_offsets[i], in + in_offsets[index], static_cast<size_t>(length));
  }
  return Column::Make(column.type(), count, std::move(validity), std::move(offsets), std::move(data), {},
                      null_count);
}

ColumnPtr GatherList(const Column& column, const int64_t* indices, int64_t count, BufferPtr validity,
                     int64_t null_count) {
  const int64_t* in_offsets = column.Offsets();
  auto offsets = Buffer::Allocate(static_cast<size_t>(count + 1) * sizeof(int64_t));
  int64_t* out_offsets = offsets->mutable_as<int64_t>();
  std::vector<int64_t> child_indices;
  out_offsets[0] = 0;
  for (int64_t i = 0; i < count; ++i) {
    int64_t index = indices[i];
    if (index >= 0) {
      for (int64_t j = in_offsets[index]; j < in_offsets[index + 1]; ++j) child_indices.push_back(j);
    }
    out_offsets[i + 1] = static_cast<int64_t>(child_indices.size());
  }
  std::vector<ColumnPtr> children;
  for (const auto& child : column.children()) {
    children.push_back(Take(*child, child_indices.data(), static_cast<int64_t>(child_indices.size())));
  }
  return Column::Make(column.type(), count, std::move(validity), std::move(offsets), nullptr,
                      std::move(children), null_count);
}

}  // namespace

ColumnPtr Take(const Column& column, const int64_t* indices, int64_t count) {
  const TypeId id = column.type_id();
  if (id == TypeId::kNull) return Column::MakeNull(column.type(), count);
  int64_t null_count = 0;
  BufferPtr validity = GatherValidity(column, indices, count, &null_count);
  if (IsFixedWidth(id)) {
    BufferPtr values = VisitFixedWidth(id, [&](auto tag) {
      return GatherFixed<typename decltype(tag)::Type>(column, indices, count);
    });
    return Column::Make(column.type(), count, std::move(validity), std::move(values), nullptr, {}, null_count);
  }
  switch (id) {
    case TypeId::kString:
    case TypeId::kBinary: return GatherBinary(column, indices, count, std::move(validity), null_count);
    case TypeId::kList:
    case TypeId::kMap: return GatherList(column, indices, count, std::move(validity), null_count);
    default: {  // struct: children are aligned with the struct's rows
      std::vector<ColumnPtr> children;
      for (const auto& child : column.children()) children.push_back(Take(*child, indices, count));
      return Column::Make(column.type(), count, std::move(validity), nullptr, nullptr, std::move(children),
                          null_count);
    }
  }
}

columnar::BatchPtr TakeBatch(const columnar::RecordBatch& batch, const int64_t* indices, int64_t count) {
  std::vector<ColumnPtr> columns;
  columns.reserve(batch.num_columns());
  for (const auto& column : batch.columns()) columns.push_back(Take(*column, indices, count));
  return columnar::RecordBatch::Make(batch.schema(), count, std::move(columns));
}

RowIndices SelectTrue(const Column& predicate) {
  const int64_t n = predicate.length();
  RowIndices out(static_cast<size_t>(n));
  const uint8_t* values = predicate.Values<uint8_t>();
  int64_t k = 0;
  if (predicate.null_count() == 0) {
    for (int64_t i = 0; i < n; ++i) {
      out[static_cast<size_t>(k)] = i;
      k += values[i] != 0;
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      out[static_cast<size_t>(k)] = i;
      k += (values[i] != 0) & predicate.IsValid(i);
    }
  }
  out.resize(static_cast<size_t>(k));
  return out;
}

ColumnPtr TakeFromSources(const std::vector<ColumnPtr>& sources, const uint16_t* source, const int64_t* row,
                          int64_t count) {
  const columnar::TypePtr& type = sources[0]->type();
  const TypeId id = type->id();
  if (id == TypeId::kNull) return Column::MakeNull(type, count);
  if (IsFixedWidth(id) || id == TypeId::kString || id == TypeId::kBinary) {
    auto bits = Buffer::Allocate(static_cast<size_t>((count + 63) / 64) * 8);
    bits->Resize(columnar::BitmapBytes(count));
    std::memset(bits->mutable_data(), 0, bits->size());
    int64_t valid = 0;
    for (int64_t i = 0; i < count; ++i) {
      if (row[i] >= 0 && sources[source[i]]->IsValid(row[i])) {
        columnar::SetBit(bits->mutable_data(), i);
        ++valid;
      }
    }
    BufferPtr validity = valid < count ? bits : nullptr;
    if (IsFixedWidth(id)) {
      BufferPtr values = VisitFixedWidth(id, [&](auto tag) {
        using T = typename decltype(tag)::Type;
        std::vector<const T*> in;
        for (const auto& s : sources) in.push_back(s->Values<T>());
        auto buffer = Buffer::Allocate(static_cast<size_t>(count) * sizeof(T));
        T* out = buffer->mutable_as<T>();
        for (int64_t i = 0; i < count; ++i) out[i] = row[i] >= 0 ? in[source[i]][row[i]] : T{};
        return buffer;
      });
      return Column::Make(type, count, std::move(validity), std::move(values), nullptr, {}, count - valid);
    }
    columnar::StringBuilder builder(type);
    builder.Reserve(count);
    for (int64_t i = 0; i < count; ++i) {
      if (row[i] >= 0 && sources[source[i]]->IsValid(row[i])) builder.Append(sources[source[i]]->GetView(row[i]));
      else builder.AppendNull();
    }
    return builder.Finish();
  }
  auto builder = columnar::MakeBuilder(type);
  builder->Reserve(count);
  for (int64_t i = 0; i < count; ++i) {
    if (row[i] < 0) builder->AppendNull();
    else columnar::AppendValueFrom(*builder, *sources[source[i]], row[i]);
  }
  return builder->Finish();
}

columnar::BatchPtr ConcatenateBatches(const columnar::SchemaPtr& schema, const std::vector<columnar::BatchPtr>& batches) {
  if (batches.size() == 1) return columnar::RecordBatch::Make(schema, batches[0]->num_rows(), batches[0]->columns());
  int64_t rows = 0;
  for (const auto& batch : batches) rows += batch->num_rows();
  std::vector<uint16_t> source(static_cast<size_t>(rows));
  std::vector<int64_t> row(static_cast<size_t>(rows));
  std::vector<columnar::BatchPtr> pending;  // at most 65535 sources per gather
  std::vector<ColumnPtr> columns;
  if (batches.size() > 65535) {
    // Concatenate in groups first.
    std::vector<columnar::BatchPtr> groups;
    for (size_t i = 0; i < batches.size(); i += 65535) {
      std::vector<columnar::BatchPtr> part(batches.begin() + static_cast<std::ptrdiff_t>(i),
                                           batches.begin() + static_cast<std::ptrdiff_t>(std::min(batches.size(), i + 65535)));
      groups.push_back(ConcatenateBatches(schema, part));
    }
    return ConcatenateBatches(schema, groups);
  }
  size_t k = 0;
  for (size_t b = 0; b < batches.size(); ++b) {
    for (int64_t r = 0; r < batches[b]->num_rows(); ++r, ++k) {
      source[k] = static_cast<uint16_t>(b);
      row[k] = r;
    }
  }
  for (size_t c = 0; c < schema->num_fields(); ++c) {
    std::vector<ColumnPtr> parts;
    for (const auto& batch : batches) parts.push_back(batch->column(c));
    if (parts.empty()) {
      columns.push_back(Column::MakeNull(schema->field(c).type, 0));
      continue;
    }
    columns.push_back(TakeFromSources(parts, source.data(), row.data(), rows));
  }
  return columnar::RecordBatch::Make(schema, rows, std::move(columns));
}

}  // namespace sluice::engine
