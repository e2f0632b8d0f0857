// A temporary directory for one test, removed when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace sluice::testing {

class TestDir {
 public:
  TestDir() {
    char templ[] = "/tmp/sluice-test-XXXXXX";
    path_ = ::mkdtemp(templ);
  }
  ~TestDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace sluice::testing
