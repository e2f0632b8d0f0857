// JsonWriter: JSON lines and arrays, escaping, every type, NULL handling, and a round trip
// through JsonReader including nested types.
#include "formats/json/writer.h"

#include <gtest/gtest.h>

#include "columnar/builder.h"
#include "formats/json/reader.h"

namespace sluice::formats::json {
namespace {

using columnar::DataType;

columnar::BatchPtr NestedBatch() {
  auto item = DataType::Struct({{"sku", DataType::String()}, {"qty", DataType::Int64()}});
  auto schema = columnar::MakeSchema({{"id", DataType::Int64()},
                                      {"name", DataType::String()},
                                      {"score", DataType::Float64()},
                                      {"day", DataType::Date()},
                                      {"items", DataType::List(item)},
                                      {"attrs", DataType::Map(DataType::String(), DataType::Int64())}});
  columnar::Int64Builder id(DataType::Int64());
  columnar::StringBuilder name(DataType::String());
  columnar::Float64Builder score(DataType::Float64());
  columnar::Int32Builder day(DataType::Date());
  columnar::ListBuilder items(DataType::List(item));
  columnar::ListBuilder attrs(DataType::Map(DataType::String(), DataType::Int64()));
  auto* structs = static_cast<columnar::StructBuilder*>(items.child());
  auto* sku = static_cast<columnar::StringBuilder*>(structs->child(0));
  auto* qty = static_cast<columnar::Int64Builder*>(structs->child(1));
  auto* keys = static_cast<columnar::StringBuilder*>(attrs.child(0));
  auto* values = static_cast<columnar::Int64Builder*>(attrs.child(1));
  // Row 0: everything set, text needing escapes.
  id.Append(1);
  name.Append("quote \" backslash \\ newline \n tab \t bell \x07 é");
  score.Append(0.5);
  day.Append(19753);
  sku->Append("a");
  qty->Append(2);
  structs->AppendValid();
  sku->AppendNull();
  qty->Append(3);
  structs->AppendValid();
  items.AppendValid();
  keys->Append("k");
  values->Append(7);
  attrs.AppendValid();
  // Row 1: NULLs and empties.
  id.Append(2);
  name.AppendNull();
  score.AppendNull();
  day.AppendNull();
  items.AppendValid();
  attrs.AppendNull();
  return columnar::RecordBatch::Make(
      schema, 2, {id.Finish(), name.Finish(), score.Finish(), day.Finish(), items.Finish(), attrs.Finish()});
}

std::string Write(const columnar::BatchPtr& batch, JsonWriteOptions options = {}) {
  auto sink = std::make_unique<StringOutputStream>();
  auto* raw = sink.get();
  auto writer = JsonWriter::Make(std::move(sink), batch->schema(), options);
  EXPECT_TRUE(writer.ok());
  EXPECT_TRUE((*writer)->Write(*batch).ok());
  EXPECT_TRUE((*writer)->Close().ok());
  return raw->contents();
}

TEST(JsonWriterTest, LinesWithEscapesAndNulls) {
  std::string text = Write(NestedBatch());
  EXPECT_EQ(text,
            "{\"id\":1,\"name\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 é\",\"score\":0.5,"
            "\"day\":\"2024-01-31\",\"items\":[{\"sku\":\"a\",\"qty\":2},{\"sku\":null,\"qty\":3}],\"attrs\":{\"k\":7}}\n"
            "{\"id\":2,\"name\":null,\"score\":null,\"day\":null,\"items\":[],\"attrs\":null}\n");
  JsonWriteOptions compact;
  compact.write_nulls = false;
  compact.array = true;
  std::string array = Write(NestedBatch(), compact);
  EXPECT_NE(array.find("},\n{\"id\":2,\"items\":[]}\n]\n"), std::string::npos) << array;
  EXPECT_EQ(array.substr(0, 2), "[\n");
}

TEST(JsonWriterTest, RoundTripsThroughTheReader) {
  auto batch = NestedBatch();
  for (bool array : {false, true}) {
    JsonWriteOptions options;
    options.array = array;
    JsonReadOptions read;
    read.schema = batch->schema();
    auto reader = JsonReader::Open(InputFileFromString(Write(batch, options), "x.json"), read);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    auto back = (*reader)->Next();
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    ASSERT_TRUE(*back);
    ASSERT_EQ((*back)->num_rows(), 2);
    for (size_t c = 0; c < batch->num_columns(); ++c) {
      EXPECT_TRUE((*back)->column(c)->Equals(*batch->column(c))) << "column " << c << " array " << array;
    }
  }
}

}  // namespace
}  // namespace sluice::formats::json
