// The calendar against its definition, in lockstep with a plain list: every pop gives the
// pending event with the smallest (time, scheduling order), whether it waited in the heap or in
// the FIFO of events due at the current instant; with ties, events scheduled in the past,
// negative zero, negative and infinite times.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <vector>

#include "models/core/calendar.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {
namespace {

struct Pending {
  double t;
  uint32_t ref;  // scheduling order
};

class Lockstep {
 public:
  void push(double t) {
    calendar_.push(t, 0, 0, next_ref_);
    pending_.push_back({t, next_ref_++});
  }
  bool empty() const { return pending_.empty(); }
  size_t pending() const { return pending_.size(); }
  // Pops from both; the calendar's event must be the list's earliest by (t, ref).
  Pending pop() {
    auto earliest = std::min_element(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
      return std::tie(a.t, a.ref) < std::tie(b.t, b.ref);
    });
    const Pending expected = *earliest;
    pending_.erase(earliest);
    const CalendarEvent event = calendar_.pop();
    EXPECT_EQ(event.ref, expected.ref);
    EXPECT_EQ(event.t, expected.t);
    calendar_.advance_to(event.t);
    return expected;
  }
  const Calendar& calendar() const { return calendar_; }

 private:
  Calendar calendar_;
  std::vector<Pending> pending_;
  uint32_t next_ref_ = 0;
};

TEST(Calendar, PopsInTimeThenSchedulingOrderWhereverEventsWait) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    sim::Rng rng = sim::RngStreams(seed, 0).stream("calendar_test");
    Lockstep both;
    for (int i = 0; i < 20; ++i) both.push(std::floor(rng.uniform01() * 8.0));
    both.push(-1.5);
    both.push(-0.0);
    both.push(std::numeric_limits<double>::infinity());
    int pops = 0;
    while (!both.empty()) {
      ASSERT_EQ(both.calendar().size(), both.pending());
      const Pending event = both.pop();
      ASSERT_FALSE(::testing::Test::HasFailure()) << "seed " << seed << ", pop " << pops;
      if (!std::isfinite(event.t) || ++pops > 5000) continue;  // then drain
      for (int more = static_cast<int>(rng.below(4)); more > 0; --more) {
        const double u = rng.uniform01();
        if (u < 0.3) both.push(event.t);                                         // due now: the FIFO
        else if (u < 0.6) both.push(event.t + std::floor(rng.uniform01() * 3));  // coarse: ties
        else if (u < 0.95) both.push(event.t + rng.uniform01());                 // later
        else both.push(event.t - rng.uniform01());                               // in the past
      }
    }
    EXPECT_TRUE(both.calendar().empty());
    EXPECT_GT(pops, 1000) << "seed " << seed;  // the schedule kept going, not an early drain
  }
}

TEST(Calendar, NegativeZeroIsZeroSoSchedulingOrderDecides) {
  Lockstep both;
  both.push(2.0);
  both.pop();  // the clock is at 2: what follows waits in the heap, scheduled in the past
  both.push(0.0);
  both.push(-0.0);
  both.push(0.0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(both.pop().ref, static_cast<uint32_t>(i + 1));
}

}  // namespace
}  // namespace cachestorm::models
