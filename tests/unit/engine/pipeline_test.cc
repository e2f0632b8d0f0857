// Pipeline machinery: order reassembly across threads, cancellation, spill files (every type,
// nested included) and key encoding round trips.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "columnar/builder.h"
#include "engine/operators/key_encoder.h"
#include "engine/operators/spill_file.h"
#include "engine/pipeline/sequence_order.h"
#include "engine/plan/plan_builder.h"
#include "engine/query.h"
#include "unit/engine/plan_runner.h"
#include "unit/engine/test_batches.h"

namespace sluice::engine {
namespace {

using columnar::DataType;
using testing::MakeBatch;
using testing::MakeColumn;

columnar::BatchPtr OneRow(int64_t value) {
  return MakeBatch({{"v", MakeColumn(DataType::Int64(), {std::to_string(value)})}});
}

TEST(SequenceOrderTest, DeliversInOrderFromManyThreads) {
  std::vector<int64_t> delivered;
  SequenceOrder order(2, [&](const columnar::BatchPtr& batch) {
    delivered.push_back(batch->column(0)->Values<int64_t>()[0]);
    return Status::Ok();
  });
  // Four threads take sequences in turn, each emitting two batches per sequence, out of order.
  std::atomic<uint64_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(t);
      for (uint64_t s; (s = next.fetch_add(1)) < 200;) {
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 200));
        ASSERT_TRUE(order.Add(s, OneRow(static_cast<int64_t>(2 * s))).ok());
        ASSERT_TRUE(order.Add(s, OneRow(static_cast<int64_t>(2 * s + 1))).ok());
        ASSERT_TRUE(order.Done(s).ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(delivered.size(), 400u);
  for (int64_t i = 0; i < 400; ++i) EXPECT_EQ(delivered[static_cast<size_t>(i)], i);
  EXPECT_EQ(order.pending(), 0);
}

TEST(SequenceOrderTest, AbortWakesWaitingWorkers) {
  SequenceOrder order(1, [](const columnar::BatchPtr&) { return Status::Ok(); });
  ASSERT_TRUE(order.Add(5, OneRow(1)).ok());  // waits for 0..4; fills the window
  std::thread blocked([&] { EXPECT_EQ(order.Add(6, OneRow(2)).code(), StatusCode::kCancelled); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  order.Abort();
  blocked.join();
}

TEST(PipelineTest, CancelledQueriesStop) {
  auto batch = MakeBatch({{"v", MakeColumn(DataType::Int64(), {"1", "2"})}});
  auto plan = PlanBuilder::Values(batch->schema(), {batch, batch, batch}).Build();
  ASSERT_TRUE(plan.ok());
  ExecutionContext context;
  context.Cancel();
  auto result = ExecuteQuery(*plan, context);
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
}

TEST(SpillFileTest, RoundTripsEveryType) {
  columnar::ListBuilder list(DataType::List(DataType::String()));
  auto& items = static_cast<columnar::StringBuilder&>(*list.child());
  items.Append("a");
  items.AppendNull();
  list.AppendValid();
  list.AppendNull();
  list.AppendValid();  // empty list
  columnar::StructBuilder point(DataType::Struct({{"x", DataType::Int32(), true}, {"y", DataType::Float64(), true}}));
  static_cast<columnar::Int32Builder*>(point.child(0))->Append(1);
  static_cast<columnar::Float64Builder*>(point.child(1))->Append(2.5);
  point.AppendValid();
  point.AppendNull();
  static_cast<columnar::Int32Builder*>(point.child(0))->AppendNull();
  static_cast<columnar::Float64Builder*>(point.child(1))->Append(-1);
  point.AppendValid();
  auto batch = MakeBatch({
      {"s", MakeColumn(DataType::String(), {"héllo", "NULL", ""})},
      {"d", MakeColumn(DataType::Decimal(38, 10), {"1.5", "-99999999999999.9999999999", "NULL"})},
      {"t", MakeColumn(DataType::Timestamp(), {"2024-01-01 00:00:00.000001", "NULL", "1900-01-01"})},
      {"b", MakeColumn(DataType::Boolean(), {"true", "false", "NULL"})},
      {"l", list.Finish()},
      {"p", point.Finish()},
  });
  auto spill = SpillFile::Create(::testing::TempDir());
  ASSERT_TRUE(spill.ok()) << spill.status().ToString();
  ASSERT_TRUE((*spill)->Append(*batch).ok());
  ASSERT_TRUE((*spill)->Append(*batch).ok());
  ASSERT_TRUE((*spill)->StartReading().ok());
  for (int i = 0; i < 2; ++i) {
    auto back = (*spill)->ReadNext(batch->schema());
    ASSERT_TRUE(back.ok() && *back) << back.status().ToString();
    EXPECT_EQ(testing::Rows(**back), testing::Rows(*batch));
  }
  auto end = (*spill)->ReadNext(batch->schema());
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*end, nullptr);
}

TEST(KeyEncoderTest, EqualKeysEncodeEquallyAndDecodeBack) {
  auto a = MakeColumn(DataType::Float64(), {"0.0", "-0.0", "NaN", "NULL", "1.5"});
  auto b = MakeColumn(DataType::String(), {"x", "x", "", "NULL", "x\x01"});
  EncodedKeys keys;
  EncodeKeys({a, b}, 5, &keys);
  EXPECT_EQ(keys.Key(0), keys.Key(1));  // -0.0 groups with 0.0
  EXPECT_EQ(keys.hashes[0], keys.hashes[1]);
  EXPECT_NE(keys.Key(0), keys.Key(4));
  EXPECT_EQ(keys.has_null, (std::vector<uint8_t>{0, 0, 0, 1, 0}));
  std::vector<const uint8_t*> pointers;
  for (int64_t r = 0; r < 5; ++r) pointers.push_back(keys.bytes.data() + keys.offsets[static_cast<size_t>(r)]);
  auto decoded = DecodeKeys({DataType::Float64(), DataType::String()}, pointers);
  EXPECT_EQ(testing::Texts(*decoded[0]), (std::vector<std::string>{"0", "0", "NaN", "NULL", "1.5"}));
  EXPECT_EQ(testing::Texts(*decoded[1]), testing::Texts(*b));
}

}  // namespace
}  // namespace sluice::engine
