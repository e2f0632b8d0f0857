// Tests for s3/xml_writer and s3/xml_reader: escaping that survives an XML parser, and reading
// request documents without namespace prefixes.
#include "s3/xml_writer.h"

#include <gtest/gtest.h>

#include "s3/xml_reader.h"

namespace sluice::s3 {
namespace {

TEST(XmlWriter, WritesS3Documents) {
  XmlWriter xml("ListBucketResult");
  xml.Element("Name", "b");
  xml.Element("MaxKeys", uint64_t{1000});
  xml.Element("IsTruncated", false);
  EXPECT_EQ(xml.Finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><MaxKeys>1000</MaxKeys>"
            "<IsTruncated>false</IsTruncated></ListBucketResult>");
}

TEST(XmlWriter, EscapedTextRoundTripsThroughAParser) {
  std::string key = "a&b<c>d\"e'f\rg\nh\ti ü";
  XmlWriter xml("Delete", /*with_namespace=*/false);
  xml.Open("Object");
  xml.Element("Key", key);
  xml.Close("Object");
  std::string document = xml.Finish();
  EXPECT_NE(document.find("&#13;"), std::string::npos);
  auto parsed = XmlDocument::Parse(document, "Delete");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->root().Child("Object").ChildText("Key"), key);
}

TEST(XmlReader, IgnoresNamespacePrefixesAndRejectsOtherRoots) {
  auto parsed = XmlDocument::Parse(
      "<s3:Delete xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\"><s3:Object><s3:Key>k</s3:Key></s3:Object>"
      "<s3:Object><s3:Key> </s3:Key></s3:Object></s3:Delete>",
      "Delete");
  ASSERT_TRUE(parsed.ok());
  auto objects = parsed->root().Children("Object");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[1].ChildText("Key"), " ");
  EXPECT_EQ(XmlDocument::Parse("<Other/>", "Delete").status().aws_code(), "MalformedXML");
  EXPECT_EQ(XmlDocument::Parse("<Delete>", "Delete").status().aws_code(), "MalformedXML");
  EXPECT_FALSE(parsed->root().Child("Missing"));
}

}  // namespace
}  // namespace sluice::s3
