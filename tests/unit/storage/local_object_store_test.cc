// Tests for storage/local/local_object_store: buckets, atomic writes with conditions, space
// reclamation, byte-wise listing with delimiters and pagination, copies, multipart uploads and
// recovery after an unclean shutdown. The store runs on a real temporary directory.
#include "storage/local/local_object_store.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/crypto.h"
#include "common/encoding.h"
#include "common/ids.h"

namespace sluice::storage {
namespace {

// The store under test, so that blob counts see reclaimed blobs gone.
LocalObjectStore* current_store = nullptr;

class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, data_.size() - position_);
    std::memcpy(buffer, data_.data() + position_, n);
    position_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t position_ = 0;
};

size_t CountBlobFiles(const std::string& root) {
  size_t count = 0;
  if (LocalObjectStore* store = current_store) store->FlushReclaims();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root + "/blobs")) {
    if (entry.is_regular_file() && entry.path().filename() != "CLEAN") ++count;
  }
  return count;
}

class LocalObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / fmt::format("sluice-storage-test-{}-{}", ::getpid(), RandomHex(8));
    Reopen();
    ASSERT_TRUE(store_->CreateBucket("data", "000000000000", "us-east-1").ok());
  }
  void TearDown() override {
    current_store = nullptr;
    store_.reset();
    std::filesystem::remove_all(root_);
  }
  void Reopen() {
    current_store = nullptr;
    store_.reset();
    LocalStoreOptions options;
    options.data_dir = root_.string();
    auto opened = LocalObjectStore::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    current_store = store_.get();
  }
  Result<ObjectInfo> Put(const std::string& key, const std::string& bytes, PutOptions options = {}) {
    StringSource source(bytes);
    return store_->PutObject("data", key, source, std::move(options));
  }
  std::string Read(const std::string& key) {
    auto object = store_->OpenObject("data", key);
    if (!object.ok()) return "<" + object.status().aws_code() + ">";
    std::string out(object->info.size, '\0');
    EXPECT_TRUE(object->file.PReadExact(0, out.data(), out.size()).ok());
    return out;
  }
  std::vector<std::string> ListAll(ListOptions options, std::vector<std::string>* prefixes = nullptr) {
    std::vector<std::string> keys;
    for (;;) {
      auto page = store_->ListObjects("data", options);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return keys;
      for (const auto& object : page->objects) keys.push_back(object.key);
      if (prefixes) prefixes->insert(prefixes->end(), page->common_prefixes.begin(), page->common_prefixes.end());
      if (!page->truncated) return keys;
      EXPECT_EQ(page->objects.size() + page->common_prefixes.size(), options.max_keys);
      options.start_after = page->last;
    }
  }

  std::filesystem::path root_;
  std::unique_ptr<LocalObjectStore> store_;
};

TEST_F(LocalObjectStoreTest, BucketRules) {
  EXPECT_EQ(store_->CreateBucket("data", "000000000000", "us-east-1").status().aws_code(), "BucketAlreadyOwnedByYou");
  EXPECT_EQ(store_->CreateBucket("data", "111111111111", "us-east-1").status().aws_code(), "BucketAlreadyExists");
  const std::string too_long(64, 'a');
  for (const std::string& bad : {std::string("ab"), std::string("Upper"), std::string("under_score"),
                                 std::string("-dash"), std::string("dot."), std::string("a..b"),
                                 std::string("192.168.1.1"), std::string("xn--abc"), std::string("name-s3alias"),
                                 too_long}) {
    EXPECT_EQ(store_->CreateBucket(bad, "000000000000", "us-east-1").status().aws_code(), "InvalidBucketName") << bad;
  }
  EXPECT_TRUE(store_->CreateBucket("my.bucket-1", "000000000000", "eu-west-1").ok());
  auto buckets = store_->ListBuckets();
  ASSERT_TRUE(buckets.ok());
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_EQ((*buckets)[0].name, "data");
  EXPECT_EQ((*buckets)[1].region, "eu-west-1");
  EXPECT_EQ(store_->GetBucket("nope").status().aws_code(), "NoSuchBucket");
}

TEST_F(LocalObjectStoreTest, PutGetOverwriteAndDeleteReclaimSpace) {
  PutOptions options;
  options.headers = {{"Content-Type", "text/plain"}, {"x-amz-meta-color", "blue"}};
  auto put = Put("a/b.txt", "hello", options);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(put->etag, HexEncode(Md5("hello")));
  EXPECT_EQ(put->checksum.algorithm, ChecksumAlgorithm::kCrc64Nvme);
  EXPECT_EQ(put->checksum.value, ComputeChecksum(ChecksumAlgorithm::kCrc64Nvme, "hello"));
  EXPECT_EQ(Read("a/b.txt"), "hello");
  auto head = store_->HeadObject("data", "a/b.txt");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->headers, options.headers);
  EXPECT_EQ(CountBlobFiles(root_), 1u);

  ASSERT_TRUE(Put("a/b.txt", "world!").ok());
  EXPECT_EQ(Read("a/b.txt"), "world!");
  EXPECT_EQ(CountBlobFiles(root_), 1u) << "the overwritten blob is reclaimed";

  ASSERT_TRUE(store_->DeleteObject("data", "a/b.txt", {}).ok());
  EXPECT_EQ(Read("a/b.txt"), "<NoSuchKey>");
  EXPECT_EQ(CountBlobFiles(root_), 0u);
  EXPECT_TRUE(store_->DeleteObject("data", "a/b.txt", {}).ok()) << "deleting a missing key succeeds";
  EXPECT_EQ(store_->DeleteObject("nobucket", "x", {}).aws_code(), "NoSuchBucket");
}

TEST_F(LocalObjectStoreTest, AReaderKeepsItsBytesWhileTheObjectIsReplaced) {
  ASSERT_TRUE(Put("k", "old bytes").ok());
  auto open = store_->OpenObject("data", "k");
  ASSERT_TRUE(open.ok());
  ASSERT_TRUE(Put("k", "new").ok());
  std::string old(open->info.size, '\0');
  ASSERT_TRUE(open->file.PReadExact(0, old.data(), old.size()).ok());
  EXPECT_EQ(old, "old bytes");
  EXPECT_EQ(Read("k"), "new");
}

TEST_F(LocalObjectStoreTest, ConditionalWrites) {
  PutOptions create_only;
  create_only.conditions.if_none_match = true;
  ASSERT_TRUE(Put("log/0001.json", "v1", create_only).ok());
  EXPECT_EQ(Put("log/0001.json", "v2", create_only).status().aws_code(), "PreconditionFailed");
  EXPECT_EQ(Read("log/0001.json"), "v1");

  PutOptions if_match;
  if_match.conditions.if_match = HexEncode(Md5("wrong"));
  EXPECT_EQ(Put("log/0001.json", "v2", if_match).status().aws_code(), "PreconditionFailed");
  if_match.conditions.if_match = HexEncode(Md5("v1"));
  EXPECT_TRUE(Put("log/0001.json", "v2", if_match).ok());
  EXPECT_EQ(Put("log/missing", "v2", if_match).status().aws_code(), "NoSuchKey");

  WriteConditions delete_if;
  delete_if.if_match = HexEncode(Md5("v1"));
  EXPECT_EQ(store_->DeleteObject("data", "log/0001.json", delete_if).aws_code(), "PreconditionFailed");
  delete_if.if_match = HexEncode(Md5("v2"));
  EXPECT_TRUE(store_->DeleteObject("data", "log/0001.json", delete_if).ok());
  EXPECT_EQ(CountBlobFiles(root_), 0u) << "failed writes leave no blob behind";
}

TEST_F(LocalObjectStoreTest, VerifierFailureStoresNothing) {
  PutOptions options;
  options.verify = [](const WrittenBytes&) { return AwsError("BadDigest", 400, "no"); };
  EXPECT_EQ(Put("x", "bytes", options).status().aws_code(), "BadDigest");
  EXPECT_EQ(Read("x"), "<NoSuchKey>");
  EXPECT_EQ(CountBlobFiles(root_), 0u);
  PutOptions small;
  small.max_size = 3;
  EXPECT_EQ(Put("x", "bytes", small).status().aws_code(), "EntityTooLarge");
}

TEST_F(LocalObjectStoreTest, ListingIsByteWiseWithDelimitersAndPages) {
  std::vector<std::string> keys = {"a",     "a/",    "a/b",   "a/b/c", "a0", "b",  "b/x", "b/y/z",
                                   "c\xc3\xa9", "c~",  "c/1",   "d//e",  "/lead", "trail/", "sp ace", "%25+"};
  for (const auto& key : keys) ASSERT_TRUE(Put(key, key).ok()) << key;
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());  // std::string compares as unsigned bytes

  for (size_t page_size : {size_t{1}, size_t{2}, size_t{3}, size_t{1000}}) {
    ListOptions options;
    options.max_keys = page_size;
    EXPECT_EQ(ListAll(options), sorted) << page_size;
  }

  for (size_t page_size : {size_t{1}, size_t{2}, size_t{1000}}) {
    ListOptions options;
    options.delimiter = "/";
    options.max_keys = page_size;
    std::vector<std::string> prefixes;
    EXPECT_EQ(ListAll(options, &prefixes),
              (std::vector<std::string>{"%25+", "a", "a0", "b", "c~", "c\xc3\xa9", "sp ace"}))
        << page_size;
    EXPECT_EQ(prefixes, (std::vector<std::string>{"/", "a/", "b/", "c/", "d/", "trail/"})) << page_size;
  }

  ListOptions nested;
  nested.prefix = "a/";
  nested.delimiter = "/";
  std::vector<std::string> prefixes;
  EXPECT_EQ(ListAll(nested, &prefixes), (std::vector<std::string>{"a/", "a/b"}));
  EXPECT_EQ(prefixes, (std::vector<std::string>{"a/b/"}));

  ListOptions after;
  after.start_after = "b";
  EXPECT_EQ(ListAll(after).front(), "b/x");
  ListOptions none;
  none.max_keys = 0;
  auto empty = store_->ListObjects("data", none);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->objects.empty());
  EXPECT_FALSE(empty->truncated);
}

TEST_F(LocalObjectStoreTest, ListingManyKeysUnderManyPrefixes) {
  std::set<std::string> expected_prefixes;
  for (int dir = 0; dir < 30; ++dir) {
    for (int file = 0; file < 10; ++file) ASSERT_TRUE(Put(fmt::format("d{:02}/f{}", dir, file), "x").ok());
    expected_prefixes.insert(fmt::format("d{:02}/", dir));
  }
  ListOptions options;
  options.delimiter = "/";
  options.max_keys = 7;
  std::vector<std::string> prefixes;
  EXPECT_TRUE(ListAll(options, &prefixes).empty());
  EXPECT_EQ(std::set<std::string>(prefixes.begin(), prefixes.end()), expected_prefixes);
  EXPECT_EQ(prefixes.size(), expected_prefixes.size()) << "no common prefix repeats across pages";
}

TEST_F(LocalObjectStoreTest, CopyLinksTheBytesAndCopyOntoItselfReplacesMetadata) {
  PutOptions options;
  options.headers = {{"Content-Type", "text/csv"}};
  ASSERT_TRUE(Put("src", "a,b\n1,2\n", options).ok());
  CopyOptions copy;
  auto copied = store_->CopyObject("data", "src", "data", "dst", copy);
  ASSERT_TRUE(copied.ok()) << copied.status().ToString();
  EXPECT_EQ(copied->etag, HexEncode(Md5("a,b\n1,2\n")));
  EXPECT_EQ(copied->headers, options.headers);
  EXPECT_EQ(Read("dst"), "a,b\n1,2\n");

  CopyOptions replace;
  replace.replace_headers = StoredHeaders{{"Content-Type", "application/octet-stream"}};
  ASSERT_TRUE(store_->CopyObject("data", "src", "data", "src", replace).ok());
  auto head = store_->HeadObject("data", "src");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->headers, *replace.replace_headers);
  EXPECT_EQ(Read("src"), "a,b\n1,2\n");
  EXPECT_EQ(CountBlobFiles(root_), 2u);

  CopyOptions rechecksum;
  rechecksum.checksum_algorithm = ChecksumAlgorithm::kSha256;
  auto sha = store_->CopyObject("data", "src", "data", "sha", rechecksum);
  ASSERT_TRUE(sha.ok());
  EXPECT_EQ(sha->checksum.value, Sha256("a,b\n1,2\n"));

  CopyOptions refuse;
  refuse.check_source = [](const ObjectInfo&) { return AwsError("PreconditionFailed", 412, "no"); };
  EXPECT_EQ(store_->CopyObject("data", "src", "data", "x", refuse).status().aws_code(), "PreconditionFailed");
  EXPECT_EQ(store_->CopyObject("data", "missing", "data", "x", copy).status().aws_code(), "NoSuchKey");
}

TEST_F(LocalObjectStoreTest, MultipartUploadAssemblesPartsAndReclaimsThem) {
  MultipartOptions create;
  create.headers = {{"Content-Type", "application/x-parquet"}};
  create.checksum_algorithm = ChecksumAlgorithm::kCrc32;
  create.checksum_type = ChecksumType::kFullObject;
  auto upload = store_->CreateMultipartUpload("data", "big.bin", create);
  ASSERT_TRUE(upload.ok());
  std::string part1(kMinPartSize, 'a'), part2(kMinPartSize + 3, 'b'), part3 = "tail";
  std::vector<CompletedPart> completed;
  int number = 1;
  for (const std::string* bytes : {&part1, &part2, &part3}) {
    StringSource source(*bytes);
    auto part = store_->UploadPart("data", "big.bin", upload->upload_id, number, source, {});
    ASSERT_TRUE(part.ok()) << part.status().ToString();
    EXPECT_EQ(part->etag, HexEncode(Md5(*bytes)));
    completed.push_back({number, part->etag, std::nullopt});
    ++number;
  }
  auto parts = store_->ListParts("data", "big.bin", upload->upload_id, 0, 2);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->parts.size(), 2u);
  EXPECT_TRUE(parts->truncated);
  EXPECT_EQ(parts->next_marker, 2);

  std::vector<CompletedPart> reversed = {completed[1], completed[0]};
  EXPECT_EQ(store_->CompleteMultipartUpload("data", "big.bin", upload->upload_id, reversed, {}).status().aws_code(),
            "InvalidPartOrder");
  std::vector<CompletedPart> wrong_etag = completed;
  wrong_etag[1].etag = HexEncode(Md5("nope"));
  EXPECT_EQ(store_->CompleteMultipartUpload("data", "big.bin", upload->upload_id, wrong_etag, {}).status().aws_code(),
            "InvalidPart");
  auto done = store_->CompleteMultipartUpload("data", "big.bin", upload->upload_id, completed, {});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  std::string whole = part1 + part2 + part3;
  EXPECT_EQ(done->size, whole.size());
  EXPECT_EQ(done->etag, HexEncode(Md5(Md5(part1) + Md5(part2) + Md5(part3))) + "-3");
  EXPECT_EQ(done->checksum.type, ChecksumType::kFullObject);
  EXPECT_EQ(done->checksum.value, ComputeChecksum(ChecksumAlgorithm::kCrc32, whole));
  EXPECT_EQ(Read("big.bin"), whole);
  auto head = store_->HeadObject("data", "big.bin");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->part_sizes, (std::vector<uint64_t>{part1.size(), part2.size(), part3.size()}));
  EXPECT_EQ(head->headers, create.headers);
  EXPECT_EQ(CountBlobFiles(root_), 1u) << "part blobs are reclaimed";
  EXPECT_EQ(store_->ListParts("data", "big.bin", upload->upload_id, 0, 10).status().aws_code(), "NoSuchUpload");
}

TEST_F(LocalObjectStoreTest, MultipartRules) {
  MultipartOptions create;
  create.checksum_algorithm = ChecksumAlgorithm::kSha256;
  create.checksum_type = ChecksumType::kComposite;
  auto upload = store_->CreateMultipartUpload("data", "m", create);
  ASSERT_TRUE(upload.ok());
  StringSource small1("small"), small2("tiny");
  auto p1 = store_->UploadPart("data", "m", upload->upload_id, 1, small1, {});
  auto p2 = store_->UploadPart("data", "m", upload->upload_id, 2, small2, {});
  ASSERT_TRUE(p1.ok() && p2.ok());
  StringSource bad("x");
  EXPECT_EQ(store_->UploadPart("data", "m", upload->upload_id, 10001, bad, {}).status().aws_code(), "InvalidArgument");
  EXPECT_EQ(store_->UploadPart("data", "m", "no-such-upload", 1, bad, {}).status().aws_code(), "NoSuchUpload");
  std::vector<CompletedPart> both = {{1, p1->etag, std::nullopt}, {2, p2->etag, std::nullopt}};
  EXPECT_EQ(store_->CompleteMultipartUpload("data", "m", upload->upload_id, both, {}).status().aws_code(),
            "EntityTooSmall");
  // A single small part is a valid upload; its checksum is COMPOSITE over one part.
  std::vector<CompletedPart> one = {{1, p1->etag, Sha256("small")}};
  auto done = store_->CompleteMultipartUpload("data", "m", upload->upload_id, one, {});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->checksum.type, ChecksumType::kComposite);
  EXPECT_EQ(done->checksum.value, Sha256(Sha256("small")));
  EXPECT_EQ(done->etag, HexEncode(Md5(Md5("small"))) + "-1");
  EXPECT_EQ(CountBlobFiles(root_), 1u) << "the unlisted part is dropped with the upload";

  auto aborted = store_->CreateMultipartUpload("data", "n", {});
  ASSERT_TRUE(aborted.ok());
  StringSource bytes("abc");
  ASSERT_TRUE(store_->UploadPart("data", "n", aborted->upload_id, 1, bytes, {}).ok());
  ASSERT_TRUE(store_->AbortMultipartUpload("data", "n", aborted->upload_id).ok());
  EXPECT_EQ(store_->AbortMultipartUpload("data", "n", aborted->upload_id).aws_code(), "NoSuchUpload");
  EXPECT_EQ(CountBlobFiles(root_), 1u);
}

TEST_F(LocalObjectStoreTest, ListMultipartUploadsOrdersByKeyAndPages) {
  std::vector<std::string> ids;
  for (const char* key : {"b", "a", "a", "dir/x", "dir/y"}) {
    auto upload = store_->CreateMultipartUpload("data", key, {});
    ASSERT_TRUE(upload.ok());
    ids.push_back(upload->upload_id);
  }
  auto page = store_->ListMultipartUploads("data", "", "/", "", "", 1000);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->uploads.size(), 3u);
  EXPECT_EQ(page->uploads[0].key, "a");
  EXPECT_EQ(page->uploads[0].upload_id, ids[1]);
  EXPECT_EQ(page->uploads[1].upload_id, ids[2]);
  EXPECT_EQ(page->uploads[2].key, "b");
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"dir/"}));

  auto first = store_->ListMultipartUploads("data", "", "", "", "", 2);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->truncated);
  auto second = store_->ListMultipartUploads("data", "", "", first->next_key_marker, first->next_upload_id_marker, 10);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->uploads.size(), 3u);
  EXPECT_EQ(second->uploads[0].key, "b");
}

TEST_F(LocalObjectStoreTest, DeleteBucketRequiresEmptyAndDropsUploads) {
  ASSERT_TRUE(Put("x", "1").ok());
  EXPECT_EQ(store_->DeleteBucket("data").aws_code(), "BucketNotEmpty");
  ASSERT_TRUE(store_->DeleteObject("data", "x", {}).ok());
  auto upload = store_->CreateMultipartUpload("data", "y", {});
  ASSERT_TRUE(upload.ok());
  StringSource bytes("abc");
  ASSERT_TRUE(store_->UploadPart("data", "y", upload->upload_id, 1, bytes, {}).ok());
  ASSERT_TRUE(store_->DeleteBucket("data").ok());
  EXPECT_EQ(CountBlobFiles(root_), 0u);
  EXPECT_EQ(store_->DeleteBucket("data").aws_code(), "NoSuchBucket");
  EXPECT_EQ(Put("x", "1").status().aws_code(), "NoSuchBucket");
}

TEST_F(LocalObjectStoreTest, EverythingSurvivesAReopen) {
  ASSERT_TRUE(Put("kept", "durable").ok());
  Reopen();
  EXPECT_EQ(Read("kept"), "durable");
  EXPECT_TRUE(store_->GetBucket("data").ok());
}

TEST_F(LocalObjectStoreTest, UncleanShutdownSweepsOrphansButKeepsReferencedBlobs) {
  ASSERT_TRUE(Put("kept", "durable").ok());
  auto upload = store_->CreateMultipartUpload("data", "mp", {});
  ASSERT_TRUE(upload.ok());
  StringSource part("part bytes");
  ASSERT_TRUE(store_->UploadPart("data", "mp", upload->upload_id, 1, part, {}).ok());
  current_store = nullptr;
  store_.reset();  // a clean close writes the marker...
  std::filesystem::remove(root_ / "blobs" / "CLEAN");  // ...which a crash would not have
  // An upload cut off by the crash: its blob (of this generation) exists, no row names it.
  uint64_t orphan = (uint64_t{1} << 40) | 999;
  std::string path = fmt::format("{}/blobs/{:02x}/{:016x}", root_.string(), (orphan >> 8) & 0xff, orphan);
  FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fputs("half an object", file);
  std::fclose(file);
  ASSERT_EQ(CountBlobFiles(root_), 3u);
  Reopen();
  EXPECT_EQ(store_->WaitForRecovery(), 1u);
  EXPECT_EQ(CountBlobFiles(root_), 2u);
  EXPECT_EQ(Read("kept"), "durable");
  auto parts = store_->ListParts("data", "mp", upload->upload_id, 0, 10);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->parts.size(), 1u);
}

TEST_F(LocalObjectStoreTest, AbandonedUploadsAreAborted) {
  auto upload = store_->CreateMultipartUpload("data", "idle", {});
  ASSERT_TRUE(upload.ok());
  StringSource bytes("abc");
  ASSERT_TRUE(store_->UploadPart("data", "idle", upload->upload_id, 1, bytes, {}).ok());
  auto none = store_->AbortUploadsIdleSince(NowMicros() - 3600LL * 1000000);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);
  auto aborted = store_->AbortUploadsIdleSince(NowMicros() + 1000000);
  ASSERT_TRUE(aborted.ok());
  EXPECT_EQ(*aborted, 1u);
  EXPECT_EQ(CountBlobFiles(root_), 0u);
}

TEST_F(LocalObjectStoreTest, ConcurrentWritersAllCommit) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        if (!Put(fmt::format("t{}/k{:03}", t, i), fmt::format("{}-{}", t, i)).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  ListOptions options;
  EXPECT_EQ(ListAll(options).size(), 200u);
  EXPECT_EQ(Read("t3/k017"), "3-17");
}

}  // namespace
}  // namespace sluice::storage
