#include "crawler/crawl/exclusion_glob.h"

#include <gtest/gtest.h>

namespace sluice::crawler {
namespace {

bool Excludes(const char* pattern, const char* key) {
  auto glob = ExclusionGlob::Compile(pattern);
  EXPECT_TRUE(glob.ok()) << pattern;
  return glob.ok() && glob->Matches(key);
}

TEST(ExclusionGlobTest, GlueDocumentedExamples) {
  EXPECT_TRUE(Excludes("*.csv", "a.csv"));
  EXPECT_FALSE(Excludes("*.csv", "dir/a.csv"));  // * stays within one level
  EXPECT_TRUE(Excludes("**.csv", "dir/sub/a.csv"));
  EXPECT_TRUE(Excludes("departments/**", "departments/2024/x.json"));
  EXPECT_FALSE(Excludes("departments/**", "other/x.json"));
  EXPECT_TRUE(Excludes("myfolder**", "myfolder/a/b"));
  EXPECT_TRUE(Excludes("2015/0[2-9]/**", "2015/03/x"));
  EXPECT_FALSE(Excludes("2015/0[2-9]/**", "2015/01/x"));
  EXPECT_TRUE(Excludes("[!a-c]*", "d.csv"));
  EXPECT_FALSE(Excludes("[!a-c]*", "b.csv"));
  EXPECT_TRUE(Excludes("*.{csv,json}", "x.json"));
  EXPECT_TRUE(Excludes("data?.csv", "data1.csv"));
  EXPECT_FALSE(Excludes("data?.csv", "data/.csv"));
  EXPECT_TRUE(Excludes("a\\*b", "a*b"));
  EXPECT_TRUE(Excludes("*", ".hidden"));
  EXPECT_TRUE(Excludes("a+b(1).csv", "a+b(1).csv"));
}

TEST(ExclusionGlobTest, MalformedPatterns) {
  EXPECT_FALSE(ExclusionGlob::Compile("[abc").ok());
  EXPECT_FALSE(ExclusionGlob::Compile("{a,b").ok());
  EXPECT_FALSE(ExclusionGlob::Compile("{a,{b}}").ok());
}

}  // namespace
}  // namespace sluice::crawler
