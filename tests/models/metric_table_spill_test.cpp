// MetricTable's spill: windows leave the rows kResidentClosed windows after they close, are read
// back whole, and records that come for them later are applied in order, so every window reads
// what was recorded into it. Checked against values computed from the records themselves.
#include <gtest/gtest.h>

#include "models/metrics/metric_table.hpp"
#include "models/metrics/window_accumulator.hpp"

namespace cachestorm::models {
namespace {

const MetricFamily kCount{"count", "count", "a counter", MetricKind::kCounter, "shard", "event time"};
const MetricFamily kQueue{"queue", "items", "a gauge", MetricKind::kGauge, "", "event time"};
const MetricFamily kMost{"most", "items", "a peak", MetricKind::kPeak, "", "event time"};
const MetricFamily kLevel{"level", "items", "a level", MetricKind::kLevel, "", "the end of the run"};
const MetricFamily kWait{"wait", "s", "a latency", MetricKind::kLatency, "", "event time"};

constexpr size_t kWindows = 300;

struct Table {
  MetricTable table{static_cast<double>(kWindows)};
  SeriesId count0 = table.series(kCount, "0"), count1 = table.series(kCount, "1"), queue = table.series(kQueue),
           most = table.series(kMost), level = table.series(kLevel), wait = table.series(kWait);
};

// Window w gets: count{0} w+1 and count{1} 0.1 per record (w+1 records), the queue gauge at w then
// 2w (end 2w), peak 3w, and w+1 latencies of (w+1) ms.
void record_window(Table& t, size_t w) {
  const auto start = static_cast<double>(w);
  for (size_t k = 0; k <= w; ++k) {
    const double at = start + static_cast<double>(k) / static_cast<double>(w + 1);
    t.table.add(t.count0, at, 1.0);
    t.table.add(t.count1, at, 0.1);
    t.table.observe(t.wait, at, static_cast<double>(w + 1) / 1000);
  }
  t.table.set(t.queue, start + 0.1, start);
  t.table.set(t.queue, start + 0.2, 2 * start);
  t.table.peak(t.most, start + 0.5, 3 * start);
}

TEST(MetricTableSpill, EveryWindowReadsWhatWasRecordedAfterItLeftTheRows) {
  Table t;
  double count1_expected[kWindows];
  for (size_t w = 0; w < kWindows; ++w) {
    record_window(t, w);
    double sum = 0.0;
    for (size_t k = 0; k <= w; ++k) sum += 0.1;  // in the order the table added them
    count1_expected[w] = sum;
    t.table.close_through(static_cast<double>(w + 1));
  }
  EXPECT_EQ(t.table.closed_windows(), kWindows);
  // Spilled in batches: at most 2 x kResidentClosed closed windows stay rows.
  EXPECT_GE(t.table.spilled_windows(), kWindows - 2 * MetricTable::kResidentClosed);
  for (size_t w = 0; w < kWindows; ++w) {
    const auto x = static_cast<double>(w);
    EXPECT_EQ(t.table.value(w, t.count0), x + 1) << w;
    EXPECT_EQ(t.table.value(w, t.count1), count1_expected[w]) << w;
    EXPECT_EQ(t.table.value(w, t.queue), std::max(2 * x, w == 0 ? 0.0 : 2 * (x - 1))) << w;  // starts at the last end
    EXPECT_EQ(t.table.gauge_end(w, t.queue), 2 * x) << w;
    EXPECT_EQ(t.table.value(w, t.most), 3 * x) << w;
    const LatencyHistogram& wait = t.table.latency(w, t.wait);
    ASSERT_EQ(wait.count(), w + 1) << w;
    EXPECT_NEAR(wait.quantile(0.99), (x + 1) / 1000, (x + 1) / 1000 / 256) << w;
  }
}

TEST(MetricTableSpill, RecordsForASpilledWindowAreAppliedInTheirOrder) {
  Table t;
  for (size_t w = 0; w < kWindows; ++w) {
    record_window(t, w);
    t.table.close_through(static_cast<double>(w + 1));
  }
  ASSERT_GT(t.table.spilled_windows(), 10u);
  // Window 5 is spilled: late records for it, as an outcome filed under its send window would be.
  t.table.add(t.count0, 5.5, 4.0);
  t.table.add(t.count1, 5.5, 0.7);
  t.table.peak(t.most, 5.9, 100.0);
  t.table.peak(t.most, 5.9, 50.0);
  t.table.put(t.level, 5, 8.0);
  t.table.put(t.level, 5, 9.0);
  LatencyHistogram slow;
  slow.add(2.0);
  slow.add(3.0);
  t.table.merge(t.wait, 5, slow);
  t.table.observe(t.wait, 5.1, 4.0);
  double count1 = 0.0;
  for (int k = 0; k < 6; ++k) count1 += 0.1;
  count1 += 0.7;
  EXPECT_EQ(t.table.value(5, t.count0), 6.0 + 4.0);
  EXPECT_EQ(t.table.value(5, t.count1), count1);  // (...(0.1 + 0.1) ... + 0.1) + 0.7, as recorded
  EXPECT_EQ(t.table.value(5, t.most), 100.0);
  EXPECT_EQ(t.table.value(5, t.level), 9.0);
  const LatencyHistogram& wait = t.table.latency(5, t.wait);
  ASSERT_EQ(wait.count(), 6u + 3u);
  EXPECT_NEAR(wait.quantile(1.0), 4.0, 4.0 / 256);
  EXPECT_NEAR(wait.mean(), (6 * 0.006 + 2.0 + 3.0 + 4.0) / 9, 1e-12);
  // Its neighbours are untouched.
  EXPECT_EQ(t.table.value(4, t.count0), 5.0);
  EXPECT_EQ(t.table.value(6, t.count0), 7.0);
  EXPECT_EQ(t.table.latency(6, t.wait).count(), 7u);
  EXPECT_EQ(t.table.value(6, t.level), 0.0);
}

TEST(MetricTableSpill, AnAccumulatorsRecordsForASpilledWindowReachIt) {
  Table t;
  WindowAccumulator acc(t.table);
  const uint32_t count = acc.slot(t.count0), most = acc.slot(t.most), wait = acc.slot(t.wait);
  for (size_t w = 0; w < 100; ++w) t.table.close_through(static_cast<double>(w + 1));
  ASSERT_GT(t.table.spilled_windows(), 3u);
  acc.add(count, 3.2, 5.0);
  acc.peak(most, 3.3, 7.0);
  acc.observe(wait, 3.4, 0.5);
  acc.add(count, 99.5, 1.0);  // another window: the records for window 3 are handed over
  EXPECT_EQ(t.table.value(3, t.count0), 5.0);
  EXPECT_EQ(t.table.value(3, t.most), 7.0);
  EXPECT_EQ(t.table.latency(3, t.wait).count(), 1u);
}

}  // namespace
}  // namespace cachestorm::models
