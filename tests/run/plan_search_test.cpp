// The plan's search on judges whose answer is known: a sharp threshold, a band that more
// replications resolve, one they never resolve, the largest-value direction, a range with no
// answer and a real-valued axis.
#include <gtest/gtest.h>

#include "run/plan_search.hpp"

namespace cachestorm::run {
namespace {

Judgement threshold(double x, double at) { return {x >= at ? Verdict::kMet : Verdict::kBroken, {}}; }

TEST(PlanSearch, FindsASharpThresholdByBisection) {
  int calls = 0;
  const SearchResult r = search({8, 128, true, true, 10, 40}, [&calls](double x, uint32_t) {
    ++calls;
    return threshold(x, 42);
  });
  EXPECT_EQ(r.outcome, "found");
  EXPECT_EQ(*r.answer, 42);
  EXPECT_EQ(*r.proved_broken, 41);
  EXPECT_LE(calls, 2 + 8);  // both ends, then log2(120) steps
}

TEST(PlanSearch, MoreReplicationsResolveABandOrItStaysUndecided) {
  // 40 and 41 cannot be told apart from the SLO with fewer than 40 replications; then 41 meets it.
  const auto resolving = [](double x, uint32_t n) {
    if (x >= 42) return Judgement{Verdict::kMet, {}};
    if (x <= 39) return Judgement{Verdict::kBroken, {}};
    if (n < 40) return Judgement{Verdict::kUndecided, {}};
    return threshold(x, 41);
  };
  const SearchResult found = search({8, 128, true, true, 10, 40}, resolving);
  EXPECT_EQ(found.outcome, "found");
  EXPECT_EQ(*found.answer, 41);
  EXPECT_EQ(found.judged.at(41).first, 40u);  // 10, 20, 40 replications
  const SearchResult stuck = search({8, 128, true, true, 10, 20}, resolving);
  EXPECT_EQ(stuck.outcome, "undecided");
  EXPECT_FALSE(stuck.answer.has_value());
  EXPECT_EQ(*stuck.proved_met, 42);
  EXPECT_EQ(*stuck.proved_broken, 39);
}

TEST(PlanSearch, TheLargestValueANoneAndARealAxis) {
  const SearchResult largest = search({10, 1000, true, false, 10, 40}, [](double x, uint32_t) {
    return Judgement{x <= 300 ? Verdict::kMet : Verdict::kBroken, {}};
  });
  EXPECT_EQ(largest.outcome, "found");
  EXPECT_EQ(*largest.answer, 300);
  const SearchResult none = search({8, 128, true, true, 10, 40}, [](double x, uint32_t) { return threshold(x, 500); });
  EXPECT_EQ(none.outcome, "none");
  EXPECT_EQ(none.judged.size(), 1u);  // the best end broke: nothing else to try
  const SearchResult all = search({8, 128, true, true, 10, 40}, [](double x, uint32_t) { return threshold(x, 1); });
  EXPECT_EQ(*all.answer, 8);
  const SearchResult real = search({0.001, 0.01, false, false, 10, 40}, [](double x, uint32_t) {
    return Judgement{x <= 0.0042 ? Verdict::kMet : Verdict::kBroken, {}};
  });
  EXPECT_EQ(real.outcome, "found");  // to within 1 % of the value: the answer is proved to meet them
  EXPECT_LE(*real.answer, 0.0042);
  EXPECT_GT(*real.answer, 0.0042 * 0.99);
  EXPECT_LT(*real.proved_broken - *real.answer, 0.0042 * 0.011);
}

}  // namespace
}  // namespace cachestorm::run
