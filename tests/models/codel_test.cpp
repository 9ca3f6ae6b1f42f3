// CoDel (models/origin/codel.hpp) against a sequence worked by hand from RFC 8289's pseudo-code:
// target 5 ms, interval 100 ms; a queue where every head has waited 50 ms (above target) and
// others wait behind it.
//  - t = 0: first above target: first_above = 0.1; served.
//  - t = 0.05: not yet an interval above: served.
//  - t = 0.1: an interval above: dropped; the next head is served; dropping, count 1,
//    drop_next = 0.1 + 0.1 / sqrt(1) = 0.2.
//  - t = 0.15: dropping, before drop_next: served.
//  - t = 0.2: at drop_next: dropped (count 2), drop_next = 0.2 + 0.1 / sqrt(2); the next head served.
//  - t = 0.25: before 0.2707: served. t = 0.28: dropped (count 3), next 0.2707 + 0.1 / sqrt(3) = 0.3284.
//  - a head that waited under target ends the dropping state: served, and nothing is dropped after.
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <vector>

#include "models/origin/codel.hpp"

namespace cachestorm::models {
namespace {

struct Item {
  int id;
  double arrival_s;
};

class CoDelRun {
 public:
  // At now, with `waiting` heads queued that arrived `waited` before now; returns the served id.
  int serve(double now, double waited, int waiting = 3) {
    std::deque<Item> queue;
    for (int i = 0; i < waiting; ++i) queue.push_back({next_id_++, now - waited});
    const auto head = codel_.dequeue(now, queue, [this](const Item& item) { dropped_.push_back(item.id); });
    return head ? head->id : -1;
  }
  std::vector<int> take_dropped() { return std::exchange(dropped_, {}); }
  const CoDel& codel() const { return codel_; }

 private:
  CoDel codel_{0.005, 0.1};
  int next_id_ = 0;
  std::vector<int> dropped_;
};

TEST(CoDel, DropsAfterAnIntervalAboveTargetAtTheControlLawsTimesAndStopsBelowTarget) {
  CoDelRun run;
  EXPECT_EQ(run.serve(0.0, 0.05), 0);
  EXPECT_EQ(run.serve(0.05, 0.05), 3);
  EXPECT_TRUE(run.take_dropped().empty());
  EXPECT_EQ(run.serve(0.1, 0.05), 7);  // 6 dropped, 7 served
  EXPECT_EQ(run.take_dropped(), std::vector<int>{6});
  EXPECT_TRUE(run.codel().dropping());
  EXPECT_EQ(run.serve(0.15, 0.05), 9);
  EXPECT_TRUE(run.take_dropped().empty());
  EXPECT_EQ(run.serve(0.2, 0.05), 13);  // 12 dropped
  EXPECT_EQ(run.take_dropped(), std::vector<int>{12});
  EXPECT_EQ(run.serve(0.25, 0.05), 15);  // before 0.2 + 0.1 / sqrt(2)
  EXPECT_TRUE(run.take_dropped().empty());
  EXPECT_EQ(run.serve(0.28, 0.05), 19);  // 18 dropped at 0.28 >= 0.2707
  EXPECT_EQ(run.take_dropped(), std::vector<int>{18});
  EXPECT_EQ(run.serve(0.3, 0.05), 21);  // before 0.2707 + 0.1 / sqrt(3) = 0.3284
  EXPECT_TRUE(run.take_dropped().empty());
  EXPECT_EQ(run.serve(0.33, 0.001), 24);  // under target: served, dropping ends
  EXPECT_FALSE(run.codel().dropping());
  EXPECT_EQ(run.serve(0.34, 0.05), 27);  // above again, but not for an interval yet
  EXPECT_TRUE(run.take_dropped().empty());
}

TEST(CoDel, ALoneHeadIsNeverDroppedAndAnEmptyQueueServesNothing) {
  CoDelRun run;
  for (double t = 0.0; t < 1.0; t += 0.05) EXPECT_GE(run.serve(t, 0.5, 1), 0);  // nothing waits behind it
  EXPECT_TRUE(run.take_dropped().empty());
  EXPECT_EQ(run.serve(1.0, 0.5, 0), -1);
}

}  // namespace
}  // namespace cachestorm::models
