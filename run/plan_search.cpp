#include "run/plan_search.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::run {

const char* verdict_name(Verdict verdict) {
  return verdict == Verdict::kMet ? "met" : verdict == Verdict::kBroken ? "broken" : "undecided";
}

namespace {

class Searcher {
 public:
  Searcher(const SearchSpec& spec, const std::function<Judgement(double, uint32_t)>& judge) : spec_(spec), judge_(judge) {}

  // The verdict at the value, with more replications while undecided (within the budget).
  Verdict at(double value) {
    auto found = result.judged.find(value);
    if (found != result.judged.end() &&
        (found->second.second.verdict != Verdict::kUndecided || found->second.first >= spec_.max_replications))
      return found->second.second.verdict;
    uint32_t n = found == result.judged.end() ? spec_.replications : std::min(spec_.max_replications, found->second.first * 2);
    while (true) {
      Judgement j = judge_(value, n);
      const Verdict v = j.verdict;
      result.judged[value] = {n, std::move(j)};
      if (v != Verdict::kUndecided || n >= spec_.max_replications) return v;
      n = std::min(spec_.max_replications, n * 2);
    }
  }

  // The value halfway between a and b (rounded down on an integral axis).
  double mid(double a, double b) const {
    const double m = (a + b) / 2;
    return spec_.integral ? std::floor(m) : m;
  }
  // Whether a value lies strictly between a and b still worth judging.
  bool apart(double a, double b) const {
    return spec_.integral ? std::fabs(b - a) > 1 : std::fabs(b - a) > spec_.tolerance * std::max(std::fabs(a), std::fabs(b));
  }

  // Bisects between `no` (predicate false) and `yes` (true); returns the last `yes`.
  template <typename Predicate>
  double bisect(double no, double yes, Predicate holds) {
    while (apart(no, yes)) {
      double m = mid(no, yes);
      if (m == no || m == yes) m = spec_.integral ? (no < yes ? no + 1 : no - 1) : m;
      if (holds(at(m))) yes = m; else no = m;
    }
    return yes;
  }

  SearchResult result;

 private:
  const SearchSpec& spec_;
  const std::function<Judgement(double, uint32_t)>& judge_;
};

}  // namespace

SearchResult search(const SearchSpec& spec, const std::function<Judgement(double, uint32_t)>& judge) {
  Searcher s(spec, judge);
  // `good` is the end of the range where the SLOs should hold, `bad` the other.
  const double good = spec.smallest ? spec.high : spec.low, bad = spec.smallest ? spec.low : spec.high;
  const Verdict at_good = s.at(good);
  if (at_good != Verdict::kMet) {
    s.result.outcome = at_good == Verdict::kBroken ? "none" : "not_proved";
    if (at_good == Verdict::kBroken) s.result.proved_broken = good;
    return std::move(s.result);
  }
  const Verdict at_bad = s.at(bad);
  if (at_bad == Verdict::kMet) {
    s.result.outcome = "found";
    s.result.answer = s.result.proved_met = bad;
    return std::move(s.result);
  }
  const auto met = [](Verdict v) { return v == Verdict::kMet; };
  const auto broken = [](Verdict v) { return v == Verdict::kBroken; };
  const double m = s.bisect(bad, good, met);  // the value nearest `bad` proved to meet them
  s.result.proved_met = m;
  if (at_bad == Verdict::kBroken) {
    // From the value nearest `m` already proved to break them (the first bisection judged some).
    double known = bad;
    for (const auto& [value, entry] : s.result.judged)
      if (entry.second.verdict == Verdict::kBroken && std::fabs(value - m) < std::fabs(known - m)) known = value;
    const double b = s.bisect(m, known, broken);  // the value nearest `m` proved to break them
    s.result.proved_broken = b;
    if (!s.apart(b, m)) {
      s.result.outcome = "found";
      s.result.answer = m;
      return std::move(s.result);
    }
  }
  s.result.outcome = "undecided";
  return std::move(s.result);
}

}  // namespace cachestorm::run
