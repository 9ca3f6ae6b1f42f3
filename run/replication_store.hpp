// Where a replicated run keeps its finished replications until its results are published: a
// hidden sibling of the output directory (".<name>.cachestorm-replications", or with a suffix per
// compare variant). Each child process saves its replication there before it exits, each file
// written whole under a temporary name and renamed, the summary last, so a replication is either
// in the store complete or not at all. Ctrl-C, a kill or a crash of a later replication never
// loses a finished one, and a rerun of the same command finds them and simulates only the rest.
//
// The store belongs to one identity: the resolved scenario, the warm-up and the build that ran
// it (cachestorm version and commit). A store of another identity at the same place is emptied
// and taken over; anything at that path that is not provably a store (its marker, and only
// replication files) is refused and left alone. Not a cache across commands and not shared by
// concurrent runs to one output.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <vector>

#include "analysis/report_windows.hpp"
#include "analysis/text_sink.hpp"
#include "models/scenario.hpp"

namespace cachestorm::run {

// A replication as a child saves it: its time series is written straight from its metric table.
struct SavedReplication {
  std::string summary_json;  // analysis::summary_json, dumped
  analysis::TextProducer timeseries_csv;
  std::string events_jsonl;
};

// A replication as the store holds it: the time series stays on disk until it is published.
struct StoredReplication {
  std::string summary_json;
  std::filesystem::path timeseries_csv;  // the file's path
  std::string events_jsonl;
};

class ReplicationStore {
 public:
  // The store beside `target` (an output directory's absolute path) for runs of `identity` (any
  // text naming what the replications depend on). suffix: "" for run, e.g. ".2" for compare's third
  // variant. Creates or takes over the store; throws OutputError naming the path if it cannot.
  static ReplicationStore open(const std::filesystem::path& target, const std::string& suffix,
                               const std::string& identity);

  // The saved replication r, or nothing if it is not (completely) in the store.
  std::optional<StoredReplication> load(uint32_t r) const;
  // Saves replication r (see above). Throws OutputError if a file cannot be written.
  void save(uint32_t r, const SavedReplication& replication) const;
  // Removes the store and everything in it (the run's results are published).
  void discard() const;
  const std::filesystem::path& path() const { return dir_; }

 private:
  explicit ReplicationStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

// What a run's replications depend on, as text: the resolved scenario, the warm-up, the --window
// spans and the build.
// Replications saved under another identity are never reused.
std::string replication_identity(const models::Scenario& scenario, double warmup_s,
                                 const std::vector<analysis::ReportWindow>& windows = {});

// The name of the store's marker file.
inline constexpr const char* kStoreMarkerName = ".cachestorm-replications";

}  // namespace cachestorm::run
