// WindowAccumulator against the table it stands in for: the same records give the same windows
// whether they go through an accumulator or straight into the table.
#include <gtest/gtest.h>

#include "models/metrics/window_accumulator.hpp"

namespace cachestorm::models {
namespace {

const MetricFamily kCount{"count", "count", "a counter", MetricKind::kCounter, "", "event time"};
const MetricFamily kMost{"most", "items", "a peak", MetricKind::kPeak, "", "event time"};
const MetricFamily kWait{"wait", "s", "a latency", MetricKind::kLatency, "", "event time"};

TEST(WindowAccumulator, GivesTheTableWhatDirectRecordsWouldAcrossWindowsAndTheHorizon) {
  // Horizon 2.5 s: windows [0,1), [1,2), [2,2.5). Records go back to a window after another
  // one's (counted in two parts) and past the horizon (dropped).
  MetricTable direct(2.5), batched(2.5);
  const SeriesId count_d = direct.series(kCount), most_d = direct.series(kMost), wait_d = direct.series(kWait);
  const SeriesId count_b = batched.series(kCount), most_b = batched.series(kMost), wait_b = batched.series(kWait);
  WindowAccumulator acc(batched);
  const uint32_t count = acc.slot(count_b), most = acc.slot(most_b), wait = acc.slot(wait_b);
  const double times[] = {0.0, 0.5, 0.999, 1.0, 0.7, 1.5, 2.0, 2.49, 2.5, 3.0};
  for (double t : times) {
    direct.add(count_d, t, 2.0);
    direct.peak(most_d, t, 10 * t);
    direct.observe(wait_d, t, t / 100);
    acc.add(count, t, 2.0);
    acc.peak(most, t, 10 * t);
    acc.observe(wait, t, t / 100);
  }
  direct.close_through(3.0);
  batched.close_through(3.0);
  ASSERT_EQ(batched.closed_windows(), 3u);
  const double counts[] = {8.0, 4.0, 4.0};  // 0, 0.5, 0.999, 0.7 | 1.0, 1.5 | 2.0, 2.49
  const double peaks[] = {9.99, 15.0, 24.9};
  for (size_t w = 0; w < 3; ++w) {
    EXPECT_EQ(batched.value(w, count_b), counts[w]) << w;
    EXPECT_EQ(batched.value(w, count_b), direct.value(w, count_d)) << w;
    EXPECT_DOUBLE_EQ(batched.value(w, most_b), peaks[w]) << w;
    EXPECT_EQ(batched.latency(w, wait_b).count(), direct.latency(w, wait_d).count()) << w;
    EXPECT_DOUBLE_EQ(batched.latency(w, wait_b).mean(), direct.latency(w, wait_d).mean()) << w;
    EXPECT_EQ(batched.latency(w, wait_b).quantile(1.0), direct.latency(w, wait_d).quantile(1.0)) << w;
  }
}

TEST(WindowAccumulator, ClosingAWindowTakesItsRecordsAndLeavesLaterOnes) {
  MetricTable table(10.0);
  const SeriesId id = table.series(kCount);
  WindowAccumulator acc(table);
  const uint32_t slot = acc.slot(id);
  acc.add(slot, 0.2);
  table.close_through(1.0);  // window 0 is final: the accumulator hands it over
  EXPECT_EQ(table.value(0, id), 1.0);
  acc.add(slot, 3.5, 5.0);   // a record ahead of the clock (e.g. a command's future start)
  table.close_through(2.0);  // window 3 is still open: nothing moves
  acc.add(slot, 3.7);
  table.close_through(4.0);
  EXPECT_EQ(table.value(1, id), 0.0);
  EXPECT_EQ(table.value(3, id), 6.0);
}

}  // namespace
}  // namespace cachestorm::models
