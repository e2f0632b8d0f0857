// Tests for s3/s3_api: addressing (path style, virtual-host style on the public host), the route
// table's answers for methods and subresources it does not serve, bucket ownership and key
// rules — in process, over a real local object store (authentication is the router's job and
// is covered by the integration tests).
#include "s3/s3_api.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/encoding.h"
#include "common/ids.h"
#include "storage/local/local_object_store.h"

namespace sluice::s3 {
namespace {

class S3ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / fmt::format("sluice-s3-test-{}-{}", ::getpid(), RandomHex(8));
    storage::LocalStoreOptions options;
    options.data_dir = root_.string();
    auto store = storage::LocalObjectStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    S3Options s3_options;
    s3_options.public_host = "s3.example.test";
    api_ = std::make_unique<S3Api>(store_.get(), s3_options);
  }
  void TearDown() override {
    api_.reset();
    store_.reset();
    std::filesystem::remove_all(root_);
  }

  http::Response Send(std::string method, std::string target, std::string body = "", std::string host = "",
                      std::string account = "000000000000") {
    http::Request request;
    request.method = std::move(method);
    request.target = target;
    size_t question = target.find('?');
    request.raw_path = target.substr(0, question);
    request.raw_query = question == std::string::npos ? "" : target.substr(question + 1);
    request.path = *UriDecode(request.raw_path);
    request.query = *http::QueryParams::Parse(request.raw_query);
    request.headers.Add("Host", host.empty() ? "127.0.0.1:4566" : host);
    request.content_length = body.size();
    bodies_.push_back(std::make_unique<http::StringBodyReader>(std::move(body)));
    request.body = bodies_.back().get();
    request.auth.account_id = std::move(account);
    request.request_id = "TEST";
    return api_->Handle(request);
  }

  std::filesystem::path root_;
  std::unique_ptr<storage::LocalObjectStore> store_;
  std::unique_ptr<S3Api> api_;
  std::vector<std::unique_ptr<http::StringBodyReader>> bodies_;
};

TEST_F(S3ApiTest, PathAndVirtualHostAddressing) {
  ASSERT_EQ(Send("PUT", "/data").status, 200);
  ASSERT_EQ(Send("PUT", "/data/dir/a%20b.txt", "hello").status, 200);
  EXPECT_EQ(Send("GET", "/data/dir/a%20b.txt").body, "hello");
  EXPECT_EQ(Send("GET", "/dir/a%20b.txt", "", "data.s3.example.test:4566").body, "hello");
  EXPECT_EQ(Send("GET", "/dir/a%20b.txt", "", "data.s3.s3.example.test").body, "hello");
  http::Response listing = Send("GET", "/?list-type=2", "", "data.s3.example.test");
  EXPECT_EQ(listing.status, 200);
  EXPECT_NE(listing.body.find("<Key>dir/a b.txt</Key>"), std::string::npos);
  // The public host itself, and any other host, address by path.
  EXPECT_EQ(Send("GET", "/data/dir/a%20b.txt", "", "s3.example.test").body, "hello");
  EXPECT_NE(Send("GET", "/", "", "s3.example.test").body.find("<Name>data</Name>"), std::string::npos);
}

TEST_F(S3ApiTest, MethodsAndSubresourcesNotServed) {
  ASSERT_EQ(Send("PUT", "/data").status, 200);
  http::Response post = Send("POST", "/data/key");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.error_code, "MethodNotAllowed");
  EXPECT_NE(post.body.find("<ResourceType>OBJECT</ResourceType>"), std::string::npos);
  EXPECT_EQ(Send("GET", "/data?inventory").error_code, "NotImplemented");
  EXPECT_EQ(Send("PUT", "/data/key?tagging", "<Tagging/>").error_code, "NotImplemented");
  EXPECT_EQ(Send("GET", "/data?policy").error_code, "NoSuchBucketPolicy");
}

TEST_F(S3ApiTest, BucketsBelongToTheirAccount) {
  ASSERT_EQ(Send("PUT", "/data").status, 200);
  http::Response other = Send("GET", "/data", "", "", "111111111111");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.error_code, "AccessDenied");
  EXPECT_EQ(Send("PUT", "/data", "", "", "111111111111").error_code, "BucketAlreadyExists");
  EXPECT_EQ(Send("GET", "/", "", "", "111111111111").body.find("<Name>data</Name>"), std::string::npos);
}

TEST_F(S3ApiTest, KeyRules) {
  ASSERT_EQ(Send("PUT", "/data").status, 200);
  EXPECT_EQ(Send("PUT", "/data/" + std::string(1025, 'k'), "x").error_code, "KeyTooLongError");
  EXPECT_EQ(Send("PUT", "/data/" + std::string(1024, 'k'), "x").status, 200);
  EXPECT_EQ(Send("PUT", "/data/a%01b", "x").error_code, "InvalidArgument");
  EXPECT_EQ(Send("PUT", "/data/a%FFb", "x").error_code, "InvalidArgument");
  EXPECT_EQ(Send("PUT", "/data/..%2F..%2Fetc%2Fpasswd", "x").status, 200);
  EXPECT_EQ(Send("GET", "/data/../../etc/passwd").body, "x");
}

TEST_F(S3ApiTest, ErrorsCarryTheResource) {
  http::Response missing = Send("GET", "/nope/key");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("<Resource>/nope/key</Resource>"), std::string::npos);
  EXPECT_NE(missing.body.find("<BucketName>nope</BucketName>"), std::string::npos);
}

}  // namespace
}  // namespace sluice::s3
