#include "catalog/api/glue_model.h"

#include <gtest/gtest.h>

#include "common/json.h"

namespace sluice::catalog {
namespace {

Status Validate(std::string_view operation, std::string_view body) {
  auto parsed = ParseJson(body);
  EXPECT_TRUE(parsed.ok());
  return GlueModel::Get().ValidateInput(operation, parsed->get_object());
}

TEST(GlueModelTest, LoadsEveryOperation) {
  const GlueModel& model = GlueModel::Get();
  EXPECT_GT(model.shape_count(), 500u);
  for (auto op : {"CreateDatabase", "GetPartitions", "CreateCrawler", "CreateClassifier", "StartCrawler"}) {
    EXPECT_TRUE(model.HasOperation(op)) << op;
  }
}

TEST(GlueModelTest, AcceptsValidInput) {
  EXPECT_TRUE(Validate("CreateDatabase", R"({"DatabaseInput":{"Name":"sales","Parameters":{"a":"b"}}})").ok());
  EXPECT_TRUE(Validate("GetPartitions",
                       R"({"DatabaseName":"d","TableName":"t","Expression":"","Segment":{"SegmentNumber":0,"TotalSegments":4}})")
                  .ok());
}

TEST(GlueModelTest, ReportsConstraintsLikeAws) {
  Status missing = Validate("CreateDatabase", R"({})");
  EXPECT_EQ(missing.aws_code(), "ValidationException");
  EXPECT_EQ(missing.message(),
            "1 validation error detected: Value null at 'databaseInput' failed to satisfy constraint: Member must not "
            "be null");

  Status empty_name = Validate("CreateDatabase", R"({"DatabaseInput":{"Name":""}})");
  EXPECT_EQ(empty_name.message(),
            "1 validation error detected: Value '' at 'databaseInput.name' failed to satisfy constraint: Member must "
            "have length greater than or equal to 1");

  Status range = Validate("GetPartitions", R"({"DatabaseName":"d","TableName":"t","MaxResults":5000})");
  EXPECT_NE(range.message().find("Member must have value less than or equal to 1000"), std::string::npos);

  Status enum_value = Validate("GetDatabases", R"({"ResourceShareType":"MINE"})");
  EXPECT_NE(enum_value.message().find("Member must satisfy enum value set: [FOREIGN, ALL, FEDERATED]"),
            std::string::npos);

  Status pattern = Validate("GetDatabase", "{\"Name\":\"a\\u0001b\"}");
  EXPECT_NE(pattern.message().find("regular expression pattern"), std::string::npos);

  Status nested = Validate("CreateTable",
                           R"({"DatabaseName":"d","TableInput":{"Name":"t","StorageDescriptor":{"Columns":[{"Name":"a"},{"Type":"int"}]}}})");
  EXPECT_NE(nested.message().find("'tableInput.storageDescriptor.columns.2.member.name'"), std::string::npos)
      << nested.message();

  Status two = Validate("GetTable", R"({"DatabaseName":"","Name":""})");
  EXPECT_EQ(two.message().rfind("2 validation errors detected: ", 0), 0u) << two.message();
}

TEST(GlueModelTest, WrongJsonTypeIsSerializationException) {
  Status status = Validate("GetDatabase", R"({"Name":5})");
  EXPECT_EQ(status.aws_code(), "SerializationException");
  EXPECT_EQ(status.http_status(), 400);
  EXPECT_EQ(Validate("GetPartitions", R"({"DatabaseName":"d","TableName":"t","MaxResults":1.5})").aws_code(),
            "SerializationException");
}

}  // namespace
}  // namespace sluice::catalog
