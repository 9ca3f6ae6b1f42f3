#include "analysis/staleness_report.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::analysis {
namespace {

using models::LatencyHistogram;

double sum(const TableTotals& t, const char* name, const std::vector<std::string>& classes) {
  double total = 0.0;
  for (const auto& c : classes) total += t.sum(name, c);
  return total;
}

double peak(const TableTotals& t, const char* name, const std::vector<std::string>& classes) {
  double most = 0.0;
  for (const auto& c : classes) most = std::max(most, t.peak(name, c));
  return most;
}

LatencyHistogram merged(const TableTotals& t, const char* name, const std::vector<std::string>& classes) {
  LatencyHistogram all;
  for (const auto& c : classes) all.merge(t.latency(name, c));
  return all;
}

nlohmann::json quantile_or_null(const LatencyHistogram& h, double q) {
  return h.count() == 0 ? nlohmann::json(nullptr) : nlohmann::json(h.quantile(q));
}

uint64_t n(double count) { return static_cast<uint64_t>(std::llround(count)); }

}  // namespace

nlohmann::json writes_block(const TableTotals& t, const std::vector<std::string>& classes) {
  if (classes.empty()) return nullptr;
  return {{"arrived", n(sum(t, "key_class_writes", classes))},
          {"source_updates", n(sum(t, "key_class_source_writes", classes))},
          {"failed", n(sum(t, "key_class_writes_failed", classes))},
          {"lost", n(sum(t, "key_class_writes_lost", classes))},
          {"invalidations_lost", n(sum(t, "key_class_invalidations_lost", classes))},
          {"unfinished", n(sum(t, "key_class_writes_unfinished", classes))}};
}

nlohmann::json staleness_block(const TableTotals& t, const std::vector<std::string>& classes) {
  if (classes.empty()) return nullptr;
  const double served = sum(t, "key_class_values_served", classes);
  const double stale = sum(t, "key_class_stale_reads", classes);
  const LatencyHistogram age = merged(t, "key_class_stale_read_age_s", classes);
  const LatencyHistogram windows = merged(t, "key_class_inconsistency_window_s", classes);
  const double open_at_end = sum(t, "key_class_inconsistency_open_at_end", classes);
  const bool any_window = windows.count() > 0 || open_at_end > 0;
  const double oldest = peak(t, "key_class_stale_read_age_max_s", classes);
  // A histogram quantile stands for its bucket (within 0.8 %), so near the top it can exceed the
  // exact maximum: capped at it, as no read was older.
  const auto capped = [](nlohmann::json q, double cap) {
    return q.is_number() && q.get<double>() > cap ? nlohmann::json(cap) : q;
  };
  return {{"values_served", n(served)},
          {"stale_reads", n(stale)},
          {"stale_read_ratio", served > 0.0 ? stale / served : 0.0},
          {"stale_read_age_s",
           {{"p50", capped(quantile_or_null(age, 0.50), oldest)},
            {"p99", capped(quantile_or_null(age, 0.99), oldest)},
            {"max", age.count() == 0 ? nlohmann::json(nullptr) : nlohmann::json(oldest)}}},
          {"stale_populates", n(sum(t, "key_class_stale_populates", classes))},
          {"inconsistency_windows",
           {{"closed", windows.count()},
            {"open_at_end", n(open_at_end)},
            {"mean_s", windows.count() == 0 ? nlohmann::json(nullptr) : nlohmann::json(windows.mean())},
            {"p50_s", quantile_or_null(windows, 0.50)},
            {"p99_s", quantile_or_null(windows, 0.99)},
            {"longest_s", any_window ? nlohmann::json(peak(t, "key_class_inconsistency_longest_s", classes))
                                     : nlohmann::json(nullptr)},
            {"key_seconds", sum(t, "key_class_inconsistent_key_s", classes)}}}};
}

nlohmann::json budget_block(const TableTotals& t, const ClassBudget& budget) {
  const double served = t.sum("key_class_values_served", budget.key_class);
  const double older = t.sum("key_class_reads_older_than_budget", budget.key_class);
  const double fraction = served > 0.0 ? older / served : 0.0;
  return {{"age_s", budget.age_s},
          {"max_fraction", budget.max_fraction},
          {"reads_older", n(older)},
          {"fraction_older", fraction},
          {"met", fraction <= budget.max_fraction}};
}

std::vector<ClassBudget> staleness_budgets_of(const nlohmann::json& resolved) {
  std::vector<ClassBudget> budgets;
  for (const auto& key_class : resolved.at("workload").at("key_classes")) {
    const auto budget = key_class.find("staleness_budget");
    if (budget == key_class.end() || budget->is_null()) continue;
    budgets.push_back({key_class.at("name"), budget->at("age_s"), budget->at("max_fraction")});
  }
  return budgets;
}

}  // namespace cachestorm::analysis
