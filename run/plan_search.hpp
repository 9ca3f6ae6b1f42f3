// The search behind `cachestorm plan`: the smallest (or largest) value of one axis at which every
// SLO holds, assuming that holding is monotone in the axis (more connections never hurt). Pure:
// the caller says how a value is judged with a number of replications; the search decides which
// values to judge and with how many.
//
// A value is judged "met", "broken" or "undecided" (its evidence cannot tell at that many
// replications). Undecided values are judged again with twice the replications, up to
// max_replications. Then, bracketing the range's ends and bisecting (on whole numbers when the
// axis is integral, else to a relative tolerance): M, the smallest value proved to meet the SLOs
// (undecided counts as not proved), and B, the largest value proved to break them (undecided
// counts as not proved) below M. If nothing lies between B and M the answer is M, decided;
// otherwise "undecided between B and M" at this budget, never a guess.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace cachestorm::run {

enum class Verdict { kMet, kBroken, kUndecided };
const char* verdict_name(Verdict verdict);

struct Judgement {
  Verdict verdict = Verdict::kUndecided;
  nlohmann::json evidence;  // what the caller wants to show of it
};

struct SearchSpec {
  double low = 0, high = 0;  // REQUIRES: low < high
  bool integral = true;
  bool smallest = true;      // false: the largest value at which the SLOs hold
  uint32_t replications = 10, max_replications = 40;
  double tolerance = 0.01;   // real axes: stop when the bracket is this fraction of its upper end
};

struct SearchResult {
  // "found" (answer decided), "undecided" (between proved_broken and proved_met), "none" (even the
  // best end of the range breaks them), "not_proved" (the best end is undecided at the budget)
  std::string outcome;
  std::optional<double> answer;                      // found: the value
  std::optional<double> proved_met, proved_broken;   // the nearest values proved either way
  std::map<double, std::pair<uint32_t, Judgement>> judged;  // value -> (replications, its last judgement)
};

// judge(value, replications) runs (or reuses) that many replications at the value and judges them.
SearchResult search(const SearchSpec& spec, const std::function<Judgement(double value, uint32_t replications)>& judge);

}  // namespace cachestorm::run
