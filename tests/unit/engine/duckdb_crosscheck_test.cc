// Joins, aggregates and sorts cross-checked against DuckDB (npm @duckdb/node-api, run through
// duckdb_query.js) on the same generated data: nulls in keys and values, duplicate join keys,
// decimals, dates, negative numbers. Rows are compared value by value (numbers that are not
// exact, such as averages and deviations, to 1e-9 relative).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "columnar/builder.h"
#include "engine/plan/plan_builder.h"
#include "unit/engine/plan_runner.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;
using columnar::DataType;
using testing::RunRows;

fs::path RepoRoot() {
  if (const char* data = std::getenv("SLUICE_TEST_DATA")) return fs::path(data).parent_path().parent_path();
  return fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
}

// Deterministic pseudo-random numbers (64-bit LCG).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 33;
  }
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool Chance(int percent) { return Between(0, 99) < percent; }

 private:
  uint64_t state_;
};

struct Table {
  std::string name;
  std::vector<std::string> columns;  // name:duckdb type
  std::vector<std::vector<std::string>> rows;  // "" is NULL
  columnar::BatchPtr batch;
};

// Builds the batch from text (through CAST, as the rows are written for DuckDB).
void BuildBatch(Table& t, const std::vector<columnar::TypePtr>& types) {
  std::vector<std::pair<std::string, columnar::ColumnPtr>> columns;
  for (size_t c = 0; c < types.size(); ++c) {
    std::vector<std::string> values;
    for (const auto& row : t.rows) values.push_back(row[c].empty() ? "NULL" : row[c]);
    std::string name = t.columns[c].substr(0, t.columns[c].find(':'));
    columns.emplace_back(name, testing::MakeColumn(types[c], values));
  }
  t.batch = testing::MakeBatch(columns);
}

class DuckDbCrossCheck : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("engine-duckdb-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    Random random(42);
    orders_ = new Table{"orders", {"order_id:BIGINT", "cust:BIGINT", "status:VARCHAR", "amount:DECIMAL(12,2)", "day:DATE",
                                   "qty:INTEGER"}, {}, nullptr};
    const char* statuses[] = {"F", "O", "P"};
    for (int i = 1; i <= 3000; ++i) {
      std::vector<std::string> row;
      row.push_back(std::to_string(i));
      row.push_back(random.Chance(5) ? "" : std::to_string(random.Between(1, 420)));
      row.push_back(random.Chance(3) ? "" : statuses[random.Between(0, 2)]);
      int64_t cents = random.Between(-5000, 1000000);
      char amount[32];
      std::snprintf(amount, sizeof(amount), "%s%lld.%02lld", cents < 0 ? "-" : "", static_cast<long long>(std::llabs(cents) / 100),
                    static_cast<long long>(std::llabs(cents) % 100));
      row.push_back(random.Chance(2) ? "" : amount);
      char day[16];
      std::snprintf(day, sizeof(day), "2024-%02d-%02d", static_cast<int>(random.Between(1, 12)), static_cast<int>(random.Between(1, 28)));
      row.push_back(random.Chance(2) ? "" : day);
      row.push_back(std::to_string(random.Between(-10, 50)));
      orders_->rows.push_back(std::move(row));
    }
    BuildBatch(*orders_, {DataType::Int64(), DataType::Int64(), DataType::String(), DataType::Decimal(12, 2), DataType::Date(),
                          DataType::Int32()});
    customers_ = new Table{"customers", {"custkey:BIGINT", "flag:VARCHAR", "nation:VARCHAR"}, {}, nullptr};
    for (int k = 1; k <= 400; ++k) {
      int copies = k % 37 == 0 ? 2 : (k % 11 == 0 ? 0 : 1);  // duplicate and missing keys
      for (int c = 0; c < copies; ++c) {
        customers_->rows.push_back({std::to_string(k), statuses[random.Between(0, 2)],
                                    random.Chance(10) ? "" : "N" + std::to_string(random.Between(0, 24))});
      }
    }
    customers_->rows.push_back({"", "F", "NX"});  // a NULL key never matches
    BuildBatch(*customers_, {DataType::Int64(), DataType::String(), DataType::String()});
    for (Table* t : {orders_, customers_}) {
      std::ofstream out(*dir_ / (t->name + ".csv"));
      for (const auto& row : t->rows) {
        for (size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << row[c];
        out << "\n";
      }
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete orders_;
    delete customers_;
  }

  static std::string ReadCsv(const Table& t) {
    std::string columns;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      size_t colon = t.columns[c].find(':');
      columns += (c ? ", " : "") + ("'" + t.columns[c].substr(0, colon) + "': '" + t.columns[c].substr(colon + 1) + "'");
    }
    return "read_csv('" + (*dir_ / (t.name + ".csv")).string() + "', header=false, nullstr='', columns={" + columns + "})";
  }

  // DuckDB's rows for `sql`, where {orders} and {customers} name the tables.
  static std::vector<std::string> DuckDb(std::string sql) {
    for (Table* t : {orders_, customers_}) {
      std::string placeholder = "{" + t->name + "}";
      for (size_t at; (at = sql.find(placeholder)) != std::string::npos;) sql.replace(at, placeholder.size(), ReadCsv(*t));
    }
    fs::path file = *dir_ / "query.sql";
    std::ofstream(file) << sql;
    std::string command = "NODE_PATH=" + (RepoRoot() / "node_modules").string() + " node " +
                          (RepoRoot() / "tests/unit/engine/duckdb_query.js").string() + " " + file.string() + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    while (size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
    int status = pclose(pipe);
    EXPECT_EQ(status, 0) << "DuckDB failed: " << output;
    std::vector<std::string> rows;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) rows.push_back(line);
    return rows;
  }

  static PlanBuilder Orders() { return PlanBuilder::Values(orders_->batch->schema(), testing::Split(orders_->batch, 256)); }
  static PlanBuilder Customers() { return PlanBuilder::Values(customers_->batch->schema(), testing::Split(customers_->batch, 64)); }

  static fs::path* dir_;
  static Table* orders_;
  static Table* customers_;
};

fs::path* DuckDbCrossCheck::dir_ = nullptr;
Table* DuckDbCrossCheck::orders_ = nullptr;
Table* DuckDbCrossCheck::customers_ = nullptr;

bool SameValue(const std::string& a, const std::string& b) {
  if (a == b) return true;
  char* end_a;
  char* end_b;
  double x = std::strtod(a.c_str(), &end_a), y = std::strtod(b.c_str(), &end_b);
  if (*end_a || *end_b || a.empty() || b.empty()) return false;
  return std::fabs(x - y) <= 1e-9 * std::max(1.0, std::max(std::fabs(x), std::fabs(y)));
}

// Compares row lists value by value; `sorted` sorts both first.
void ExpectSameRows(std::vector<std::string> ours, std::vector<std::string> theirs, bool sorted) {
  if (sorted) {
    std::sort(ours.begin(), ours.end());
    std::sort(theirs.begin(), theirs.end());
  }
  ASSERT_EQ(ours.size(), theirs.size());
  for (size_t r = 0; r < ours.size(); ++r) {
    std::vector<std::string> a, b;
    std::istringstream sa(ours[r]), sb(theirs[r]);
    for (std::string v; std::getline(sa, v, '|');) a.push_back(v);
    for (std::string v; std::getline(sb, v, '|');) b.push_back(v);
    ASSERT_EQ(a.size(), b.size()) << "row " << r << ": " << ours[r] << " vs " << theirs[r];
    for (size_t c = 0; c < a.size(); ++c) {
      ASSERT_TRUE(SameValue(a[c], b[c])) << "row " << r << ": ours " << ours[r] << ", DuckDB " << theirs[r];
    }
  }
}

TEST_F(DuckDbCrossCheck, JoinsOfEveryType) {
  struct Case {
    JoinType type;
    const char* sql;
  };
  const Case cases[] = {
      {JoinType::kInner, "SELECT o.order_id, o.cust, o.amount, c.custkey, c.nation FROM {orders} o JOIN {customers} c ON o.cust = c.custkey"},
      {JoinType::kLeft, "SELECT o.order_id, o.cust, o.amount, c.custkey, c.nation FROM {orders} o LEFT JOIN {customers} c ON o.cust = c.custkey"},
      {JoinType::kRight, "SELECT o.order_id, o.cust, o.amount, c.custkey, c.nation FROM {orders} o RIGHT JOIN {customers} c ON o.cust = c.custkey"},
      {JoinType::kFull, "SELECT o.order_id, o.cust, o.amount, c.custkey, c.nation FROM {orders} o FULL JOIN {customers} c ON o.cust = c.custkey"},
      {JoinType::kSemi, "SELECT o.order_id, o.cust, o.amount FROM {orders} o WHERE EXISTS (SELECT 1 FROM {customers} c WHERE c.custkey = o.cust)"},
      {JoinType::kAnti, "SELECT o.order_id, o.cust, o.amount FROM {orders} o WHERE NOT EXISTS (SELECT 1 FROM {customers} c WHERE c.custkey = o.cust)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(JoinTypeName(c.type));
    auto plan = Orders().Select({"order_id", "cust", "amount"})
                    .Join(Customers().Select({"custkey", "nation"}), c.type, {Col("cust")}, {Col("custkey")});
    auto ours = RunRows(plan);
    ASSERT_GT(ours.size(), 100u) << ours[0];
    ExpectSameRows(ours, DuckDb(c.sql), true);
  }
}

TEST_F(DuckDbCrossCheck, JoinOnTwoKeys) {
  auto plan = Orders().Select({"order_id", "cust", "status"})
                  .Join(Customers(), JoinType::kLeft, {Col("cust"), Col("status")}, {Col("custkey"), Col("flag")});
  ExpectSameRows(RunRows(plan), DuckDb("SELECT o.order_id, o.cust, o.status, c.custkey, c.flag, c.nation FROM {orders} o "
                                       "LEFT JOIN {customers} c ON o.cust = c.custkey AND o.status = c.flag"),
                 true);
}

TEST_F(DuckDbCrossCheck, GroupedAggregates) {
  auto plan = Orders().Aggregate({{Col("status"), "status"}, {Call("month", {Col("day")}), "month"}},
                                 {{"count", nullptr, "n"},
                                  {"count", Col("amount"), "amounts"},
                                  {"sum", Col("amount"), "total"},
                                  {"avg", Col("amount"), "mean"},
                                  {"min", Col("day"), "first_day"},
                                  {"max", Col("amount"), "largest"},
                                  {"count_distinct", Col("cust"), "customers"},
                                  {"sum", Col("qty"), "qty"},
                                  {"stddev_samp", Col("qty"), "qty_sd"},
                                  {"var_pop", Col("amount"), "amount_var"}});
  ExpectSameRows(RunRows(plan),
                 DuckDb("SELECT status, month(day), count(*), count(amount), sum(amount), avg(amount), min(day), max(amount), "
                        "count(DISTINCT cust), sum(qty), stddev_samp(qty), var_pop(amount) FROM {orders} GROUP BY ALL"),
                 true);
}

TEST_F(DuckDbCrossCheck, GlobalAggregatesAndDistinct) {
  auto plan = Orders().Aggregate({}, {{"count", nullptr, "n"}, {"sum", Col("amount"), "s"}, {"min", Col("status"), "lo"},
                                      {"max", Col("day"), "hi"}, {"var_samp", Col("qty"), "v"}});
  ExpectSameRows(RunRows(plan), DuckDb("SELECT count(*), sum(amount), min(status), max(day), var_samp(qty) FROM {orders}"), false);
  ExpectSameRows(RunRows(Orders().Select({"status", "cust"}).Distinct()),
                 DuckDb("SELECT DISTINCT status, cust FROM {orders}"), true);
}

TEST_F(DuckDbCrossCheck, MultiKeySortWithNullOrdering) {
  auto plan = Orders()
                  .Sort({SortKey{Col("status"), true, false}, SortKey{Col("amount"), false, true}, SortKey{Col("day"), true, true},
                         SortKey{Col("order_id"), false, false}})
                  .Select({"order_id", "status", "amount", "day"});
  ExpectSameRows(RunRows(plan),
                 DuckDb("SELECT order_id, status, amount, day FROM {orders} ORDER BY status ASC NULLS LAST, amount DESC NULLS FIRST, "
                        "day ASC NULLS FIRST, order_id DESC"),
                 false);
  // The same through the external merge path.
  ExecutionOptions small;
  small.memory_limit_bytes = 16 * 1024;
  small.batch_rows = 500;
  ExpectSameRows(RunRows(plan, small), RunRows(plan), false);
  // Top-N.
  ExpectSameRows(RunRows(Orders().Sort({SortBy("qty", false), SortBy("order_id")}).Limit(25, 5).Select({"order_id", "qty"})),
                 DuckDb("SELECT order_id, qty FROM {orders} ORDER BY qty DESC, order_id LIMIT 25 OFFSET 5"), false);
}

}  // namespace
}  // namespace sluice::engine
