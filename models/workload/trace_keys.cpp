// "trace": a key class replays a key-access trace file (models/workload/trace_reader.hpp) instead
// of drawing keys by popularity: {"type": "trace", "path": "accesses.csv"} (a path relative to
// the working directory). The file is read once when the scenario is checked (every row
// validated; the distinct key names get dense ids in order of first appearance, with their
// value sizes and access counts), then streamed during the run, one row per request, from the
// start again when it ends. With a t_s column the trace also sets the class's request times
// (its arrivals; then the class takes no share and no arrivals block, and runs on one client).
// Memory: the names of the distinct keys (~60 B each); the rows are never held.
#include <algorithm>
#include <limits>
#include <unordered_map>
#include <vector>

#include "models/workload/key_popularity.hpp"
#include "models/workload/trace_reader.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

// Request times from the trace: each gap is the next row's t_s minus the previous one's; none
// (infinity) after the last row.
class TraceArrivals final : public ArrivalProcess {
 public:
  TraceArrivals(std::string path, double rate) : reader_(path) { set_base_rate(rate); }
  double next_gap(sim::Rng&, unsigned) const override {
    if (!reader_.next(row_)) return std::numeric_limits<double>::infinity();
    const double gap = *row_.t_s - last_;
    last_ = *row_.t_s;
    return gap;
  }

 private:
  mutable TraceReader reader_;
  mutable TraceRow row_;
  mutable double last_ = 0.0;
};

class TraceKeys final : public KeyPopularity {
 public:
  explicit TraceKeys(std::string path) : path_(std::move(path)) {
    TraceReader reader(path_);
    timed_ = reader.has_time();
    TraceRow row;
    while (reader.next(row)) {
      auto [at, added] = ids_.try_emplace(row.key, static_cast<uint32_t>(names_.size()));
      if (added) {
        if (names_.size() == UINT32_MAX) throw TraceError(path_ + ": more than 4294967295 distinct keys");
        names_.push_back(row.key);
        counts_.push_back(0);
        if (reader.has_value_bytes()) sizes_.push_back(*row.value_bytes);
      }
      ++counts_[at->second];
      ++rows_;
      if (row.t_s) last_t_s_ = *row.t_s;
    }
    if (rows_ == 0) throw TraceError(path_ + ": no rows after the header");
  }
  uint32_t sample(sim::Rng&) const override {
    if (!cursor_) cursor_.emplace(path_);
    if (!cursor_->next(row_)) {
      cursor_->rewind();
      cursor_->next(row_);
    }
    const auto found = ids_.find(row_.key);
    if (found == ids_.end()) throw TraceError(path_ + ": line " + std::to_string(cursor_->line()) + ": key \"" + row_.key +
                                              "\" was not in the file when the scenario was checked (it changed)");
    return found->second;
  }
  uint32_t key_count() const override { return static_cast<uint32_t>(names_.size()); }
  double probability(uint32_t key) const override { return static_cast<double>(counts_[key]) / rows_; }
  double peak_bytes_per_key() const override { return 64.0; }
  const std::string* key_name(uint32_t key) const override { return &names_[key]; }
  std::optional<uint32_t> value_bytes(uint32_t key) const override {
    if (sizes_.empty()) return std::nullopt;
    return sizes_[key];
  }
  std::unique_ptr<ArrivalProcess> trace_arrivals() const override {
    // Its rows over its span (the trace starts again when it ends).
    return timed_ ? std::make_unique<TraceArrivals>(path_, static_cast<double>(rows_) / std::max(last_t_s_, 1e-9)) : nullptr;
  }

 private:
  std::string path_;
  bool timed_ = false;
  uint64_t rows_ = 0;
  double last_t_s_ = 0.0;
  std::vector<std::string> names_;
  std::vector<uint32_t> counts_, sizes_;
  std::unordered_map<std::string, uint32_t> ids_;
  mutable std::optional<TraceReader> cursor_;
  mutable TraceRow row_;
};

// Stands in for a trace while the schema is described (no file is read then).
class DescribedTrace final : public KeyPopularity {
 public:
  uint32_t sample(sim::Rng&) const override { return 0; }
  uint32_t key_count() const override { return 1; }
  double probability(uint32_t) const override { return 1.0; }
};

CACHESTORM_REGISTER(KeyPopularity, "trace", [](sim::ConfigReader& reader) -> std::unique_ptr<KeyPopularity> {
  std::string path;
  reader.text("path", path);
  if (reader.describing()) return std::make_unique<DescribedTrace>();
  if (path.empty()) throw sim::ConfigError(reader.path_of("path"), "must name the trace file (CSV; see scenarios/README.md)");
  try {
    return std::make_unique<TraceKeys>(path);
  } catch (const TraceError& error) {
    throw sim::ConfigError(reader.path_of("path"), error.what());
  }
});

}  // namespace
}  // namespace cachestorm::models
