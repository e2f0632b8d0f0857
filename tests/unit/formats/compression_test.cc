// Block codecs (Parquet pages) and whole-file compression streams: round trips, lying sizes,
// truncated and corrupt input, concatenated members.
#include "formats/compression/block_codec.h"

#include <gtest/gtest.h>

#include <random>

#include "formats/compression/compressing_output_stream.h"
#include "formats/compression/input_stream.h"

namespace sluice::formats {
namespace {

std::string SampleText(size_t size, uint32_t seed = 1) {
  std::mt19937 random(seed);
  static const char* kWords[] = {"alpha,", "beta;", "gamma\n", "12345 ", "é", "\"q\"", "zz"};
  std::string out;
  while (out.size() < size) out += kWords[random() % 7];
  out.resize(size);
  return out;
}

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(random());
  return out;
}

const BlockCodec kAllBlockCodecs[] = {BlockCodec::kNone, BlockCodec::kSnappy, BlockCodec::kGzip, BlockCodec::kZstd,
                                      BlockCodec::kLz4Raw};

TEST(BlockCodecTest, RoundTripsEveryCodec) {
  for (BlockCodec codec : kAllBlockCodecs) {
    for (size_t size : {size_t{0}, size_t{1}, size_t{1000}, size_t{300000}}) {
      std::string input = size % 2 ? RandomBytes(size, 7) : SampleText(size);
      std::string compressed;
      ASSERT_TRUE(CompressBlock(codec, input, &compressed).ok()) << BlockCodecName(codec);
      ASSERT_TRUE(CheckUncompressedSize(codec, compressed, input.size()).ok()) << BlockCodecName(codec);
      auto buffer = DecompressBlockToBuffer(codec, compressed, input.size());
      ASSERT_TRUE(buffer.ok()) << BlockCodecName(codec) << " " << buffer.status().ToString();
      EXPECT_EQ(std::string_view(reinterpret_cast<const char*>((*buffer)->data()), input.size()), input);
    }
  }
}

TEST(BlockCodecTest, NamesParse) {
  for (BlockCodec codec : kAllBlockCodecs) EXPECT_EQ(ParseBlockCodec(BlockCodecName(codec)), codec);
  EXPECT_EQ(ParseBlockCodec("UNCOMPRESSED"), BlockCodec::kNone);
  EXPECT_EQ(ParseBlockCodec("brotli"), std::nullopt);
}

TEST(BlockCodecTest, LyingSizesAreRefusedBeforeAllocation) {
  std::string input = SampleText(10000);
  for (BlockCodec codec : kAllBlockCodecs) {
    std::string compressed;
    ASSERT_TRUE(CompressBlock(codec, input, &compressed).ok());
    // A header claiming 2 GiB for a small page: refused without allocating.
    auto huge = DecompressBlockToBuffer(codec, compressed, uint64_t{1} << 31);
    EXPECT_EQ(huge.status().code(), StatusCode::kDataLoss) << BlockCodecName(codec);
    // Far more than the codec could produce from these bytes.
    if (codec != BlockCodec::kNone) {
      Status status = CheckUncompressedSize(codec, compressed, compressed.size() * 40000 + (1 << 18));
      EXPECT_EQ(status.code(), StatusCode::kDataLoss) << BlockCodecName(codec);
    }
    // A caller limit.
    EXPECT_FALSE(CheckUncompressedSize(codec, compressed, input.size(), /*limit=*/100).ok());
  }
}

TEST(BlockCodecTest, WrongSizeWithinBoundsFailsCleanly) {
  std::string input = SampleText(5000);
  for (BlockCodec codec : kAllBlockCodecs) {
    std::string compressed;
    ASSERT_TRUE(CompressBlock(codec, input, &compressed).ok());
    std::string out(input.size() + 10, 'x');
    // Too small a stated size: must not write past it.
    Status smaller = DecompressBlock(codec, compressed, out.data(), input.size() - 10);
    EXPECT_EQ(smaller.code(), StatusCode::kDataLoss) << BlockCodecName(codec);
    EXPECT_EQ(out.substr(input.size() - 10), std::string(20, 'x')) << BlockCodecName(codec);
    Status larger = DecompressBlock(codec, compressed, out.data(), input.size() + 10);
    EXPECT_EQ(larger.code(), StatusCode::kDataLoss) << BlockCodecName(codec);
  }
}

TEST(BlockCodecTest, GarbageAndTruncationAreErrors) {
  std::string input = SampleText(20000);
  for (BlockCodec codec : {BlockCodec::kSnappy, BlockCodec::kGzip, BlockCodec::kZstd, BlockCodec::kLz4Raw}) {
    std::string compressed;
    ASSERT_TRUE(CompressBlock(codec, input, &compressed).ok());
    std::string out(input.size(), '\0');
    std::string truncated = compressed.substr(0, compressed.size() / 2);
    EXPECT_FALSE(DecompressBlock(codec, truncated, out.data(), out.size()).ok()) << BlockCodecName(codec);
    for (uint32_t seed = 0; seed < 50; ++seed) {
      std::string garbage = RandomBytes(200 + seed * 13, seed);
      std::string sink(4096, '\0');
      // Must not crash, whatever it returns.
      DecompressBlock(codec, garbage, sink.data(), sink.size()).IgnoreError();
    }
  }
}

TEST(BlockCodecTest, GzipBlockMayHoldSeveralMembers) {
  std::string a, b;
  ASSERT_TRUE(CompressBlock(BlockCodec::kGzip, "hello ", &a).ok());
  ASSERT_TRUE(CompressBlock(BlockCodec::kGzip, "world", &b).ok());
  std::string out(11, '\0');
  ASSERT_TRUE(DecompressBlock(BlockCodec::kGzip, a + b, out.data(), out.size()).ok());
  EXPECT_EQ(out, "hello world");
}

TEST(StreamCompressionTest, DetectsByNameAndMagic) {
  EXPECT_EQ(StreamCompressionFromPath("a/b.csv.gz"), StreamCompression::kGzip);
  EXPECT_EQ(StreamCompressionFromPath("x.JSON.ZST"), StreamCompression::kZstd);
  EXPECT_EQ(StreamCompressionFromPath("x.bz2"), StreamCompression::kBzip2);
  EXPECT_EQ(StreamCompressionFromPath("dir.gz/file.csv"), StreamCompression::kNone);
  EXPECT_EQ(StripCompressionExtension("a/b.csv.gz"), "a/b.csv");
  EXPECT_EQ(StripCompressionExtension("a/b.csv"), "a/b.csv");
  EXPECT_EQ(StreamCompressionFromMagic("\x1f\x8b\x08"), StreamCompression::kGzip);
  EXPECT_EQ(StreamCompressionFromMagic("\x28\xb5\x2f\xfd"), StreamCompression::kZstd);
  EXPECT_EQ(StreamCompressionFromMagic("BZh9"), StreamCompression::kBzip2);
  EXPECT_EQ(StreamCompressionFromMagic("id,name"), StreamCompression::kNone);
  EXPECT_EQ(ParseStreamCompression("gz"), StreamCompression::kGzip);
  EXPECT_EQ(ParseStreamCompression("lzma"), std::nullopt);
}

std::string Compress(StreamCompression compression, const std::string& text, size_t piece = 1000) {
  auto sink = std::make_unique<StringOutputStream>("mem");
  StringOutputStream* raw = sink.get();
  auto stream = CompressOutputStream(std::move(sink), compression);
  EXPECT_TRUE(stream.ok());
  for (size_t i = 0; i < text.size(); i += piece) EXPECT_TRUE((*stream)->Write(std::string_view(text).substr(i, piece)).ok());
  EXPECT_EQ((*stream)->position(), text.size());
  EXPECT_TRUE((*stream)->Close().ok());
  return raw->contents();
}

Result<std::string> Decompress(StreamCompression compression, std::string bytes, size_t read_size = 7000) {
  ASSIGN_OR_RETURN(auto stream, OpenInputStream(InputFileFromString(std::move(bytes), "file.x"), compression));
  std::string out, chunk(read_size, '\0');
  while (true) {
    ASSIGN_OR_RETURN(size_t n, stream->Read(chunk.data(), chunk.size()));
    if (n == 0) return out;
    out.append(chunk.data(), n);
  }
}

const StreamCompression kAllStreams[] = {StreamCompression::kNone, StreamCompression::kGzip, StreamCompression::kZstd,
                                         StreamCompression::kBzip2};

TEST(StreamCompressionTest, RoundTripsEveryCompression) {
  std::string text = SampleText(3 << 20, 3);
  for (StreamCompression compression : kAllStreams) {
    std::string compressed = Compress(compression, text, 65536 + 3);
    if (compression != StreamCompression::kNone) {
      EXPECT_LT(compressed.size(), text.size() / 2);
      EXPECT_EQ(StreamCompressionFromMagic(compressed), compression);
    }
    auto back = Decompress(compression, compressed);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_TRUE(*back == text) << StreamCompressionName(compression);
  }
}

TEST(StreamCompressionTest, EmptyInputRoundTrips) {
  for (StreamCompression compression : kAllStreams) {
    auto back = Decompress(compression, Compress(compression, ""));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, "");
  }
}

TEST(StreamCompressionTest, ConcatenatedMembersReadAsOne) {
  for (StreamCompression compression : {StreamCompression::kGzip, StreamCompression::kZstd, StreamCompression::kBzip2}) {
    std::string joined = Compress(compression, "first line\n") + Compress(compression, "second line\n");
    auto back = Decompress(compression, joined, 5);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, "first line\nsecond line\n") << StreamCompressionName(compression);
  }
  // gzip files padded with zeros (tar does this) still read.
  auto padded = Decompress(StreamCompression::kGzip, Compress(StreamCompression::kGzip, "x") + std::string(100, '\0'));
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(*padded, "x");
}

TEST(StreamCompressionTest, TruncatedStreamsAreDataLossNamingTheFile) {
  std::string text = SampleText(200000, 9);
  for (StreamCompression compression : {StreamCompression::kGzip, StreamCompression::kZstd, StreamCompression::kBzip2}) {
    std::string compressed = Compress(compression, text);
    auto back = Decompress(compression, compressed.substr(0, compressed.size() - 20));
    ASSERT_FALSE(back.ok()) << StreamCompressionName(compression);
    EXPECT_EQ(back.status().code(), StatusCode::kDataLoss);
    EXPECT_NE(back.status().message().find("file.x"), std::string::npos) << back.status().message();
  }
}

TEST(StreamCompressionTest, GarbageNeverCrashes) {
  for (StreamCompression compression : {StreamCompression::kGzip, StreamCompression::kZstd, StreamCompression::kBzip2}) {
    std::string good = Compress(compression, SampleText(50000, 4));
    for (uint32_t seed = 0; seed < 40; ++seed) {
      std::string bad = good;
      std::mt19937 random(seed);
      for (int i = 0; i < 5; ++i) bad[10 + random() % (bad.size() - 10)] ^= static_cast<char>(1 + random() % 255);
      Decompress(compression, bad).status().IgnoreError();
      Decompress(compression, RandomBytes(5000, seed)).status().IgnoreError();
    }
    EXPECT_FALSE(Decompress(compression, good + "trailing garbage").ok()) << StreamCompressionName(compression);
  }
}

}  // namespace
}  // namespace sluice::formats
