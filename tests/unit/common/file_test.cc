// Files: atomic writes and the data-dir containment check.
#include "common/file.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace sluice {
namespace {

TEST(FileTest, AtomicWriteReplacesWholeFile) {
  char templ[] = "/tmp/sluice-file-test-XXXXXX";
  std::string dir = mkdtemp(templ);
  std::string path = JoinPath(dir, "x.txt");
  ASSERT_TRUE(WriteFileAtomically(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "second").ok());
  EXPECT_EQ(*ReadFileToString(path), "second");
  EXPECT_EQ(ReadFileToString(path, 3).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(ReadFileToString(JoinPath(dir, "missing")).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(RemoveFile(path).ok());
  ASSERT_TRUE(RemoveFile(path).ok());  // removing twice is fine
  std::system(("rm -rf " + dir).c_str());
}

TEST(FileTest, InsideDirectoryRejectsEscapes) {
  EXPECT_TRUE(IsInsideDirectory("/data", "/data/blobs/ab/cd"));
  EXPECT_TRUE(IsInsideDirectory("/data/", "/data"));
  EXPECT_TRUE(IsInsideDirectory("/data", "/data/a/../b"));
  EXPECT_FALSE(IsInsideDirectory("/data", "/data/../etc/passwd"));
  EXPECT_FALSE(IsInsideDirectory("/data", "/data2/x"));
  EXPECT_FALSE(IsInsideDirectory("/data", "/etc"));
  EXPECT_FALSE(IsInsideDirectory("/data", "relative"));
  EXPECT_EQ(DirectoryOf("a/b/c"), "a/b");
  EXPECT_EQ(JoinPath("a/", "/b"), "a/b");
}

}  // namespace
}  // namespace sluice
