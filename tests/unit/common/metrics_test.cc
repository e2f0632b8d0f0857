// The Prometheus rendering of the metrics registry.
#include "common/metrics.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(MetricsTest, RendersCountersGaugesAndHistograms) {
  MetricsRegistry registry;
  registry.GetCounter("sluice_things_total", "Things", {{"kind", "a\"b"}}).Increment(2);
  registry.GetCounter("sluice_things_total", "Things", {{"kind", "a\"b"}}).Increment();
  registry.GetGauge("sluice_level", "Level").Set(1.5);
  auto& histogram = registry.GetHistogram("sluice_latency_seconds", "Latency", {0.1, 1});
  histogram.Observe(0.05);
  histogram.Observe(0.5);
  histogram.Observe(5);
  std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("# TYPE sluice_things_total counter\nsluice_things_total{kind=\"a\\\"b\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sluice_level 1.5\n"), std::string::npos);
  EXPECT_NE(text.find("sluice_latency_seconds_bucket{le=\"0.1\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("sluice_latency_seconds_bucket{le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("sluice_latency_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("sluice_latency_seconds_count 3\n"), std::string::npos);
}

}  // namespace
}  // namespace sluice
