// Test data for the Parquet tests and the interoperability tool: deterministic batches of every
// type Sluice writes (nulls, unicode, extreme integers and floats, decimals at their limits,
// far dates and timestamps, nested structs, lists and maps), plus reading a whole file back.
//
// Thread safety: pure functions.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "columnar/builder.h"
#include "columnar/record_batch.h"
#include "formats/io.h"
#include "formats/parquet/parquet_reader.h"

namespace sluice::formats::parquet::testing {

using columnar::DataType;
using columnar::Field;

// The schema of MixedBatch.
inline columnar::SchemaPtr MixedSchema() {
  auto point = DataType::Struct({{"x", DataType::Int16()}, {"tags", DataType::List(DataType::String())}});
  return columnar::MakeSchema({
      {"id", DataType::Int64(), false},
      {"flag", DataType::Boolean()},
      {"tiny", DataType::Int8()},
      {"small", DataType::Int16()},
      {"int", DataType::Int32()},
      {"big", DataType::Int64()},
      {"real", DataType::Float32()},
      {"double", DataType::Float64()},
      {"price", DataType::Decimal(9, 2)},
      {"amount", DataType::Decimal(18, 4)},
      {"huge", DataType::Decimal(38, 10)},
      {"name", DataType::String()},
      {"category", DataType::String()},
      {"blob", DataType::Binary()},
      {"day", DataType::Date()},
      {"at", DataType::Timestamp()},
      {"at_utc", DataType::TimestampTz()},
      {"scores", DataType::List(DataType::Int32())},
      {"words", DataType::List(DataType::String())},
      {"info", DataType::Struct({{"a", DataType::Int32()}, {"b", DataType::String()},
                                 {"c", DataType::List(DataType::Float64())}})},
      {"attrs", DataType::Map(DataType::String(), DataType::Int64())},
      {"points", DataType::List(point)},
      {"nothing", DataType::Null()},
  });
}

class MixedGenerator {
 public:
  explicit MixedGenerator(uint64_t seed) : rng_(seed) {}

  // `rows` rows; ids continue from `first_id`.
  columnar::BatchPtr Batch(int64_t rows, int64_t first_id) {
    auto schema = MixedSchema();
    std::vector<std::unique_ptr<columnar::ColumnBuilder>> builders;
    for (const auto& field : schema->fields()) builders.push_back(columnar::MakeBuilder(field.type));
    for (int64_t r = 0; r < rows; ++r) {
      size_t c = 0;
      static_cast<columnar::Int64Builder&>(*builders[c++]).Append(first_id + r);
      Fixed<uint8_t>(*builders[c++], [&] { return static_cast<uint8_t>(Next() & 1); });
      Fixed<int8_t>(*builders[c++], [&] { return Pick<int8_t>({-128, 127, 0, -1}, static_cast<int8_t>(Next())); });
      Fixed<int16_t>(*builders[c++], [&] { return Pick<int16_t>({-32768, 32767, 0}, static_cast<int16_t>(Next())); });
      Fixed<int32_t>(*builders[c++], [&] { return Pick<int32_t>({INT32_MIN, INT32_MAX, 0}, static_cast<int32_t>(Next() % 1000)); });
      Fixed<int64_t>(*builders[c++], [&] { return Pick<int64_t>({INT64_MIN, INT64_MAX, 0}, static_cast<int64_t>(Next())); });
      Fixed<float>(*builders[c++], [&] {
        return Pick<float>({std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::max(), std::numeric_limits<float>::denorm_min(), -0.0f},
                           static_cast<float>(static_cast<int32_t>(Next() % 20000) - 10000) / 8.0f);
      });
      Fixed<double>(*builders[c++], [&] {
        return Pick<double>({std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::lowest(), 5e-324, -0.0},
                            static_cast<double>(static_cast<int64_t>(Next() % 2000000) - 1000000) / 1024.0);
      });
      Fixed<columnar::Int128>(*builders[c++], [&] {
        return Pick<columnar::Int128>({999999999, -999999999}, static_cast<int64_t>(Next() % 100000000));
      });
      Fixed<columnar::Int128>(*builders[c++], [&] {
        return Pick<columnar::Int128>({columnar::Pow10(18) - 1, -(columnar::Pow10(18) - 1)},
                                      static_cast<int64_t>(Next() % 1000000000000) - 500000000000);
      });
      Fixed<columnar::Int128>(*builders[c++], [&] {
        columnar::Int128 v = static_cast<columnar::Int128>(Next()) * static_cast<columnar::Int128>(Next() % 1000000000);
        return Pick<columnar::Int128>({columnar::Pow10(38) - 1, -(columnar::Pow10(38) - 1)}, Next() & 1 ? v : -v);
      });
      Text(*builders[c++], [&] { return Name(); });
      Text(*builders[c++], [&] {
        static const char* kCategories[] = {"alpha", "beta", "gamma", "délta", "ε", "ζήτα"};
        return std::string(kCategories[Next() % 6]);
      });
      Text(*builders[c++], [&] {
        std::string bytes(Next() % 12, '\0');
        for (auto& b : bytes) b = static_cast<char>(Next());
        return bytes;
      });
      Fixed<int32_t>(*builders[c++], [&] {
        return Pick<int32_t>({-719162, 2932896, 0, -1}, static_cast<int32_t>(Next() % 40000) - 10000);
      });
      Fixed<int64_t>(*builders[c++], [&] { return Timestamp(); });
      Fixed<int64_t>(*builders[c++], [&] { return Timestamp(); });
      ListOf(*builders[c++], [&](columnar::ColumnBuilder& element) {
        Fixed<int32_t>(element, [&] { return static_cast<int32_t>(Next() % 100); });
      });
      ListOf(*builders[c++], [&](columnar::ColumnBuilder& element) { Text(element, [&] { return Name(); }); });
      {
        auto& info = static_cast<columnar::StructBuilder&>(*builders[c++]);
        if (Chance(10)) {
          info.AppendNull();
        } else {
          Fixed<int32_t>(*info.child(0), [&] { return static_cast<int32_t>(Next() % 7); });
          Text(*info.child(1), [&] { return Name(); });
          ListOf(*info.child(2), [&](columnar::ColumnBuilder& element) {
            Fixed<double>(element, [&] { return static_cast<double>(Next() % 1000) / 10.0; });
          });
          info.AppendValid();
        }
      }
      {
        auto& attrs = static_cast<columnar::ListBuilder&>(*builders[c++]);
        if (Chance(10)) {
          attrs.AppendNull();
        } else {
          int64_t n = static_cast<int64_t>(Next() % 4);
          for (int64_t k = 0; k < n; ++k) {
            static_cast<columnar::StringBuilder&>(*attrs.child(0)).Append("k" + std::to_string(k));
            Fixed<int64_t>(*attrs.child(1), [&] { return static_cast<int64_t>(Next() % 1000); });
          }
          attrs.AppendValid();
        }
      }
      ListOf(*builders[c++], [&](columnar::ColumnBuilder& element) {
        auto& point = static_cast<columnar::StructBuilder&>(element);
        if (Chance(8)) {
          point.AppendNull();
          return;
        }
        Fixed<int16_t>(*point.child(0), [&] { return static_cast<int16_t>(Next() % 300); });
        ListOf(*point.child(1), [&](columnar::ColumnBuilder& tag) { Text(tag, [&] { return Name(); }); });
        point.AppendValid();
      });
      builders[c++]->AppendNull();
    }
    std::vector<columnar::ColumnPtr> columns;
    for (auto& builder : builders) columns.push_back(builder->Finish());
    return columnar::RecordBatch::Make(schema, rows, std::move(columns));
  }

 private:
  uint64_t Next() { return rng_(); }
  bool Chance(uint64_t one_in) { return Next() % one_in == 0; }

  // One of the special values now and then, else `usual`.
  template <typename T>
  T Pick(std::initializer_list<T> special, T usual) {
    if (Chance(16)) return *(special.begin() + static_cast<ptrdiff_t>(Next() % special.size()));
    return usual;
  }

  template <typename T, typename Fn>
  void Fixed(columnar::ColumnBuilder& builder, Fn&& value) {
    if (Chance(5)) builder.AppendNull();
    else static_cast<columnar::FixedWidthBuilder<T>&>(builder).Append(value());
  }

  template <typename Fn>
  void Text(columnar::ColumnBuilder& builder, Fn&& value) {
    if (Chance(5)) builder.AppendNull();
    else static_cast<columnar::StringBuilder&>(builder).Append(value());
  }

  // A null list, an empty one, or a few elements.
  template <typename Fn>
  void ListOf(columnar::ColumnBuilder& builder, Fn&& element) {
    auto& list = static_cast<columnar::ListBuilder&>(builder);
    if (Chance(7)) {
      list.AppendNull();
      return;
    }
    int64_t n = static_cast<int64_t>(Next() % 5);
    for (int64_t k = 0; k < n; ++k) element(*list.child(0));
    list.AppendValid();
  }

  std::string Name() {
    static const char* kParts[] = {"Ana", "Bjørn", "Chloé", "Dmitri", "Eun-ji", "Fátima", "Grüß", "名前", "😀🎉",
                                   "", "O'Brien", "line\nbreak", "tab\there", "\"quoted\"", "back\\slash"};
    std::string out = kParts[Next() % 15];
    if (Chance(3)) out += " " + std::string(kParts[Next() % 15]);
    if (Chance(50)) out += std::string(300, 'x');  // longer than the statistics limit
    return out;
  }

  int64_t Timestamp() {
    return Pick<int64_t>({-62135596800000000LL, 253402300799999999LL, 0, -1},
                         static_cast<int64_t>(Next() % 4000000000000000ULL) - 1000000000000000LL);
  }

  std::mt19937_64 rng_;
};

// Every batch of a file, concatenated per column.
inline Result<std::vector<columnar::ColumnPtr>> ReadAll(InputFilePtr file, ParquetReadOptions options = {}) {
  ASSIGN_OR_RETURN(auto reader, OpenParquetReader(std::move(file), std::move(options)));
  std::vector<std::vector<columnar::ColumnPtr>> parts(reader->schema()->num_fields());
  while (true) {
    ASSIGN_OR_RETURN(auto batch, reader->Next());
    if (!batch) break;
    RETURN_IF_ERROR(batch->Validate());
    for (size_t c = 0; c < batch->num_columns(); ++c) parts[c].push_back(batch->column(c));
  }
  std::vector<columnar::ColumnPtr> out;
  for (size_t c = 0; c < parts.size(); ++c) {
    if (parts[c].empty()) out.push_back(columnar::Column::MakeNull(reader->schema()->field(c).type, 0));
    else out.push_back(columnar::ConcatenateColumns(parts[c]));
  }
  return out;
}

}  // namespace sluice::formats::parquet::testing
