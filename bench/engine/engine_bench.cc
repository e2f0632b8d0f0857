// engine_bench: runs one benchmark task through the engine, as a whole process, so that it can
// be timed side by side with DuckDB (bench/engine/duckdb_tasks.js) by bench/engine/run.
//
//   engine_bench TASK DATA_DIR OUT [--threads N] [--explain]
//
// Tasks (DATA_DIR holds bench/formats/generate_data.py's orders.csv and customers.csv, and
// orders.parquet from the `convert` task):
//   convert         orders.csv -> OUT (Parquet, snappy)
//   filter-project  orders.csv filtered (status 'F' and price > 100000) and projected -> OUT
//   join-group      orders.csv joined with customers.csv, grouped by segment and nation -> OUT
//   parquet-scan    orders.parquet with a selective filter (price > 495000) -> OUT
#include <cstdio>
#include <cstring>
#include <string>

#include "common/allocator.h"
#include "common/clock.h"
#include "engine/plan/file_source.h"
#include "engine/plan/file_target.h"
#include "engine/plan/plan_builder.h"
#include "engine/query.h"

namespace sluice::engine {
namespace {

Result<PlanBuilder> Scan(const std::string& path) {
  ASSIGN_OR_RETURN(DataSourcePtr source, MakeFileSource({path}));
  return PlanBuilder::Scan(source);
}

WriteTargetPtr ParquetFile(const std::string& path) {
  FileTargetOptions options;
  options.single_file = true;
  options.dataset.file.format = formats::FileFormat::kParquet;
  options.dataset.file.parquet.compression = formats::BlockCodec::kSnappy;
  return MakeLocalFileTarget(path, options);
}

Result<PlanPtr> MakePlan(const std::string& task, const std::string& data, const std::string& out) {
  if (task == "convert") {
    ASSIGN_OR_RETURN(PlanBuilder orders, Scan(data + "/orders.csv"));
    return orders.Write(ParquetFile(out)).Build();
  }
  if (task == "filter-project") {
    ASSIGN_OR_RETURN(PlanBuilder orders, Scan(data + "/orders.csv"));
    return orders.Filter(And(Eq(Col("o_orderstatus"), Lit("F")), Gt(Col("o_totalprice"), Lit(100000))))
        .Select({"o_orderkey", "o_custkey", "o_totalprice", "o_orderdate", "o_orderpriority"})
        .Write(ParquetFile(out))
        .Build();
  }
  if (task == "join-group") {
    ASSIGN_OR_RETURN(PlanBuilder orders, Scan(data + "/orders.csv"));
    ASSIGN_OR_RETURN(PlanBuilder customers, Scan(data + "/customers.csv"));
    return orders.Join(customers, JoinType::kInner, {Col("o_custkey")}, {Col("c_custkey")})
        .Aggregate({{Col("c_mktsegment"), "c_mktsegment"}, {Col("c_nationkey"), "c_nationkey"}},
                   {{"count", nullptr, "orders"},
                    {"sum", Col("o_totalprice"), "revenue"},
                    {"avg", Col("o_totalprice"), "average"},
                    {"count_distinct", Col("o_custkey"), "customers"}})
        .Write(ParquetFile(out))
        .Build();
  }
  if (task == "parquet-scan") {
    ASSIGN_OR_RETURN(PlanBuilder orders, Scan(data + "/orders.parquet"));
    return orders.Filter(Gt(Col("o_totalprice"), Lit(495000)))
        .Select({"o_orderkey", "o_custkey", "o_totalprice", "o_orderdate"})
        .Write(ParquetFile(out))
        .Build();
  }
  return InvalidArgument("unknown task " + task);
}

int Main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: engine_bench convert|filter-project|join-group|parquet-scan DATA_DIR OUT [--threads N] [--explain]\n");
    return 2;
  }
  ExecutionOptions options;
  bool explain = false;
  for (int i = 4; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) options.threads = static_cast<size_t>(std::atoi(argv[++i]));
    else if (std::strcmp(argv[i], "--explain") == 0) explain = true;
  }
  int64_t start = MonotonicMicros();
  auto plan = MakePlan(argv[1], argv[2], argv[3]);
  if (!plan.ok()) {
    std::fprintf(stderr, "%s\n", plan.status().ToString().c_str());
    return 1;
  }
  ExecutionContext context(options);
  if (explain) std::fprintf(stderr, "%s", ExplainQuery(*plan, context)->c_str());
  auto result = ExecuteQuery(*plan, context);
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "%s: %lld rows scanned, %lld rows written in %.3f s\n", argv[1],
               static_cast<long long>(context.stats().rows_scanned.load()),
               static_cast<long long>(context.stats().rows_written.load()), (MonotonicMicros() - start) / 1e6);
  return 0;
}

}  // namespace
}  // namespace sluice::engine

int main(int argc, char** argv) {
  sluice::TuneAllocatorForBatches();  // as the sluice binary does
  return sluice::engine::Main(argc, argv);
}
