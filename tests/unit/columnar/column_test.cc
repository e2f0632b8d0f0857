// Builders, columns, slices and batches.
#include "columnar/column.h"

#include <gtest/gtest.h>

#include "columnar/builder.h"
#include "columnar/record_batch.h"

namespace sluice::columnar {
namespace {

TEST(ColumnTest, FixedWidthWithNulls) {
  Int64Builder builder(DataType::Int64());
  builder.Append(1);
  builder.AppendNull();
  builder.Append(-3);
  ColumnPtr column = builder.Finish();
  ASSERT_EQ(column->length(), 3);
  EXPECT_EQ(column->null_count(), 1);
  EXPECT_TRUE(column->IsValid(0));
  EXPECT_TRUE(column->IsNull(1));
  EXPECT_EQ(column->Values<int64_t>()[2], -3);
  EXPECT_EQ(column->ValueToString(1), "NULL");
  EXPECT_EQ(builder.length(), 0);  // Finish resets
}

TEST(ColumnTest, NoValidityBufferWithoutNulls) {
  Int32Builder builder(DataType::Int32());
  for (int i = 0; i < 1000; ++i) builder.Append(i);
  ColumnPtr column = builder.Finish();
  EXPECT_EQ(column->validity(), nullptr);
  EXPECT_EQ(column->null_count(), 0);
}

TEST(ColumnTest, StringsAndSlices) {
  StringBuilder builder(DataType::String());
  for (const char* s : {"a", "", "héllo", "z"}) builder.Append(s);
  builder.AppendNull();
  ColumnPtr column = builder.Finish();
  EXPECT_EQ(column->GetView(2), "héllo");
  ColumnPtr slice = column->Slice(2, 3);
  EXPECT_EQ(slice->length(), 3);
  EXPECT_EQ(slice->GetView(0), "héllo");
  EXPECT_EQ(slice->null_count(), 1);
  EXPECT_TRUE(slice->IsNull(2));
  EXPECT_EQ(slice->ValueToJson(0), "\"héllo\"");
}

TEST(ColumnTest, NestedValuesRenderAsJson) {
  auto type = DataType::Struct({{"id", DataType::Int32()}, {"tags", DataType::List(DataType::String())}});
  StructBuilder builder(type);
  auto* id = static_cast<Int32Builder*>(builder.child(0));
  auto* tags = static_cast<ListBuilder*>(builder.child(1));
  auto* tag = static_cast<StringBuilder*>(tags->child());
  id->Append(7);
  tag->Append("x");
  tag->Append("y\"");
  tags->AppendValid();
  builder.AppendValid();
  builder.AppendNull();
  ColumnPtr column = builder.Finish();
  EXPECT_EQ(column->ValueToJson(0), R"({"id":7,"tags":["x","y\""]})");
  EXPECT_EQ(column->ValueToString(0), R"({id: 7, tags: [x, y"]})");
  EXPECT_EQ(column->ValueToJson(1), "null");
  // Slicing a struct keeps children aligned.
  EXPECT_EQ(column->Slice(1, 1)->ValueToJson(0), "null");
}

TEST(ColumnTest, ConcatenateAndEquals) {
  StringBuilder a(DataType::String()), b(DataType::String());
  a.Append("x");
  a.AppendNull();
  b.Append("y");
  ColumnPtr joined = ConcatenateColumns({a.Finish(), b.Finish()});
  StringBuilder expected(DataType::String());
  expected.Append("x");
  expected.AppendNull();
  expected.Append("y");
  EXPECT_TRUE(joined->Equals(*expected.Finish()));
}

TEST(RecordBatchTest, ValidateCatchesMismatches) {
  auto schema = MakeSchema({{"a", DataType::Int64()}});
  Int64Builder builder(DataType::Int64());
  builder.Append(1);
  auto column = builder.Finish();
  EXPECT_TRUE(RecordBatch(schema, 1, {column}).Validate().ok());
  EXPECT_FALSE(RecordBatch(schema, 2, {column}).Validate().ok());
  EXPECT_FALSE(RecordBatch(MakeSchema({{"a", DataType::Int32()}}), 1, {column}).Validate().ok());
}

}  // namespace
}  // namespace sluice::columnar
