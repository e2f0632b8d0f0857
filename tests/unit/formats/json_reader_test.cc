// JsonReader: formats (lines, array, concatenated), inference and unification rules, nested
// types, malformed records under both policies, hostile input.
#include "formats/json/reader.h"

#include <gtest/gtest.h>

#include <random>

#include "formats/compression/compressing_output_stream.h"

namespace sluice::formats::json {
namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Outcome {
  Status status;
  columnar::SchemaPtr schema;
  Rows rows;  // Column::ValueToJson of each value
  int64_t skipped = 0;
  std::vector<std::string> messages;
  JsonFormat format = JsonFormat::kAuto;
  int64_t unknown = 0;
};

Outcome ReadJson(std::string text, JsonReadOptions options = {}, std::string name = "t.json") {
  Outcome out;
  auto reader = JsonReader::Open(InputFileFromString(std::move(text), std::move(name)), options);
  if (!reader.ok()) {
    out.status = reader.status();
    return out;
  }
  out.schema = (*reader)->schema();
  out.format = (*reader)->format();
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok()) {
      out.status = batch.status();
      break;
    }
    if (!*batch) break;
    EXPECT_TRUE((*batch)->Validate().ok()) << (*batch)->Validate().ToString();
    for (int64_t r = 0; r < (*batch)->num_rows(); ++r) {
      std::vector<std::string> row;
      for (const auto& column : (*batch)->columns()) row.push_back(column->ValueToJson(r));
      out.rows.push_back(std::move(row));
    }
  }
  out.skipped = (*reader)->skipped();
  out.messages = (*reader)->skipped_messages();
  out.unknown = (*reader)->unknown_fields();
  return out;
}

TEST(JsonReaderTest, LinesWithUnificationRules) {
  auto out = ReadJson(
      "{\"id\": 1, \"x\": 1, \"s\": \"a\", \"mixed\": 1, \"d\": \"2024-01-31\", \"t\": \"2024-01-31T10:00:00\"}\n"
      "{\"id\": 2, \"x\": 2.5, \"mixed\": \"two\", \"d\": \"2024-02-01\", \"t\": \"2024-02-01 11:30:00.25\", \"new\": true}\n"
      "\n"
      "{\"id\": 3, \"x\": null, \"s\": null, \"mixed\": {\"k\": [1]}, \"d\": null, \"t\": null}\n");
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.format, JsonFormat::kLines);
  EXPECT_EQ(out.schema->ToString(), "id: bigint, x: double, s: string, mixed: string, d: date, t: timestamp, new: boolean");
  EXPECT_EQ(out.rows, (Rows{{"1", "1", "\"a\"", "\"1\"", "\"2024-01-31\"", "\"2024-01-31 10:00:00\"", "null"},
                            {"2", "2.5", "null", "\"two\"", "\"2024-02-01\"", "\"2024-02-01 11:30:00.25\"", "true"},
                            {"3", "null", "null", "\"{\\\"k\\\": [1]}\"", "null", "null", "null"}}));
}

TEST(JsonReaderTest, NestedStructsListsAndUnionOfFields) {
  auto out = ReadJson(R"([
    {"user": {"id": 1, "tags": ["a", "b"]}, "items": [{"sku": "x", "qty": 2}]},
    {"user": {"id": 2, "name": "Zoë"}, "items": []},
    {"user": null, "items": [{"sku": "y", "price": 9.5}, {"qty": 1}]}
  ])");
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.format, JsonFormat::kArray);
  EXPECT_EQ(out.schema->ToString(),
            "user: struct<id:bigint,tags:array<string>,name:string>, "
            "items: array<struct<sku:string,qty:bigint,price:double>>");
  ASSERT_EQ(out.rows.size(), 3u);
  EXPECT_EQ(out.rows[0][0], R"({"id":1,"tags":["a","b"],"name":null})");
  EXPECT_EQ(out.rows[1][0], R"({"id":2,"tags":null,"name":"Zoë"})");
  EXPECT_EQ(out.rows[2][0], "null");
  EXPECT_EQ(out.rows[2][1], R"([{"sku":"y","qty":null,"price":9.5},{"sku":null,"qty":1,"price":null}])");
}

TEST(JsonReaderTest, ConcatenatedPrettyPrintedRecords) {
  auto out = ReadJson("{\n  \"a\": 1,\n  \"b\": \"x\"\n}\n{\n  \"a\": 2,\n  \"b\": \"y\"\n}\n");
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.format, JsonFormat::kConcatenated);
  EXPECT_EQ(out.rows, (Rows{{"1", "\"x\""}, {"2", "\"y\""}}));
}

TEST(JsonReaderTest, BigIntegersBecomeDecimalAndManyKeysAMap) {
  JsonReadOptions options;
  options.map_threshold = 3;
  auto out = ReadJson("{\"n\": 123456789012345678901234567890, \"m\": {\"a\": 1, \"b\": 2}}\n"
                      "{\"n\": 5, \"m\": {\"c\": 3, \"d\": 4.5}}\n",
                      options);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.schema->ToString(), "n: decimal(30,0), m: map<string,double>");
  EXPECT_EQ(out.rows[0], (std::vector<std::string>{"123456789012345678901234567890", R"({"a":1,"b":2})"}));
  EXPECT_EQ(out.rows[1], (std::vector<std::string>{"5", R"({"c":3,"d":4.5})"}));
}

TEST(JsonReaderTest, MalformedRecordsFailWithLine) {
  auto out = ReadJson("{\"a\": 1}\n{\"a\": 2}\n{\"a\": \n{\"a\": 4}\n", {}, "in.jsonl");
  EXPECT_EQ(out.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out.status.message().find("in.jsonl:3: invalid JSON"), std::string::npos) << out.status.message();
}

TEST(JsonReaderTest, MalformedRecordsSkippedAndCounted) {
  JsonReadOptions options;
  options.on_error = ErrorPolicy::kSkip;
  options.sample_rows = 2;
  auto out = ReadJson("{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2}\n[1,2]\n{\"a\": \"oops\"}\n{bad json}\n{\"a\": 6, \"b\": \"\xff\"}\n{\"a\": 7}\n",
                      options, "in.jsonl");
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows, (Rows{{"1", "\"x\""}, {"2", "null"}, {"7", "null"}}));
  EXPECT_EQ(out.skipped, 4);
  ASSERT_EQ(out.messages.size(), 4u);
  EXPECT_EQ(out.messages[0], "in.jsonl:3: a record is not a JSON object");
  EXPECT_EQ(out.messages[1], "in.jsonl:4: field 'a': expected bigint, found a string");
  EXPECT_NE(out.messages[2].find("in.jsonl:5: invalid JSON"), std::string::npos);
  EXPECT_NE(out.messages[3].find("in.jsonl:6: invalid JSON"), std::string::npos) << out.messages[3];
}

TEST(JsonReaderTest, FieldsBeyondTheSampleAreCountedOrInferredWithTheWholeFile) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "{\"a\": " + std::to_string(i) + "}\n";
  text += "{\"a\": 100, \"late\": \"x\"}\n";
  JsonReadOptions options;
  options.sample_rows = 10;
  auto sampled = ReadJson(text, options);
  ASSERT_TRUE(sampled.status.ok());
  EXPECT_EQ(sampled.schema->num_fields(), 1u);
  EXPECT_EQ(sampled.unknown, 1);
  options.sample_rows = -1;
  options.sample_bytes = 1024;
  auto whole = ReadJson(text, options);
  ASSERT_TRUE(whole.status.ok()) << whole.status.ToString();
  EXPECT_EQ(whole.schema->ToString(), "a: bigint, late: string");
  EXPECT_EQ(whole.rows.back(), (std::vector<std::string>{"100", "\"x\""}));
}

TEST(JsonReaderTest, GivenTypesAndProjection) {
  JsonReadOptions options;
  options.column_types["price"] = columnar::DataType::Decimal(10, 2);
  options.include_columns = {"price", "id"};
  auto out = ReadJson("{\"id\": 1, \"price\": 12.345, \"other\": 1}\n{\"id\": 2, \"price\": \"7.5\"}\n", options);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.schema->ToString(), "price: decimal(10,2), id: bigint");
  EXPECT_EQ(out.rows, (Rows{{"12.35", "1"}, {"7.50", "2"}}));
  EXPECT_EQ(out.unknown, 0);
}

TEST(JsonReaderTest, ManyBlocksInParallelAndCompressed) {
  std::string text;
  for (int i = 0; i < 30000; ++i) {
    text += "{\"i\": " + std::to_string(i) + ", \"s\": \"line\\nbreak " + std::to_string(i) + "\", \"l\": [" +
            std::to_string(i % 7) + "]}\n";
  }
  for (StreamCompression compression : {StreamCompression::kNone, StreamCompression::kZstd}) {
    std::string bytes = text;
    std::string name = "big.jsonl";
    if (compression != StreamCompression::kNone) {
      auto sink = std::make_unique<StringOutputStream>();
      auto* raw = sink.get();
      auto stream = CompressOutputStream(std::move(sink), compression);
      ASSERT_TRUE((*stream)->Write(text).ok());
      ASSERT_TRUE((*stream)->Close().ok());
      bytes = raw->contents();
      name += ".zst";
    }
    JsonReadOptions options;
    options.block_bytes = 16 << 10;
    options.parallelism = 2;
    auto out = ReadJson(bytes, options, name);
    ASSERT_TRUE(out.status.ok()) << out.status.ToString();
    ASSERT_EQ(out.rows.size(), 30000u);
    for (int i = 0; i < 30000; i += 977) {
      EXPECT_EQ(out.rows[i][0], std::to_string(i));
      EXPECT_EQ(out.rows[i][1], "\"line\\nbreak " + std::to_string(i) + "\"");
    }
  }
}

TEST(JsonReaderTest, HostileInputNeverCrashes) {
  // Deep nesting is refused during inference; truncated, unterminated and random bytes are errors.
  std::string deep(5000, '[');
  EXPECT_FALSE(ReadJson("{\"a\": " + deep + "}\n").status.ok());
  EXPECT_FALSE(ReadJson("{\"a\": \"unterminated}\n").status.ok());
  EXPECT_FALSE(ReadJson("[{\"a\": 1}, {\"a\": 2}").status.ok());
  EXPECT_FALSE(ReadJson("").status.ok());
  EXPECT_FALSE(ReadJson("   \n ").status.ok());
  std::mt19937 random(3);
  for (int round = 0; round < 200; ++round) {
    std::string text = "{\"a\": 1, \"b\": [1, {\"c\": \"x\"}]}\n{\"a\": 2, \"b\": []}\n";
    for (int k = 0; k < 4; ++k) text[random() % text.size()] = static_cast<char>(random() % 256);
    JsonReadOptions options;
    options.on_error = round % 2 ? ErrorPolicy::kSkip : ErrorPolicy::kFail;
    ReadJson(text, options).status.IgnoreError();
  }
}

}  // namespace
}  // namespace sluice::formats::json
