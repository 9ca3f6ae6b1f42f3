// What happened after one crash of a shard's serving primary: the instants of the crash, of the
// failure being agreed, of a replica's promotion (or of the old primary serving again), and of
// the last app instance sending to the shard's new primary; and the client writes lost. Plain
// data the cache cluster fills in and analysis reports (the summary's "failover" block).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachestorm::models {

struct FailoverRecord {
  uint32_t fault = 0;   // index of the fault in the scenario's "faults" list
  uint32_t shard = 0;
  std::string old_primary;  // the crashed node's label
  std::string new_primary;  // the promoted replica's label (empty: none)
  uint32_t slots = 0;   // hash slots the shard owns
  double crash_s = 0.0;
  std::optional<double> detected_s;   // FAIL (cluster) or ODOWN (sentinel)
  std::optional<double> promoted_s;   // a replica serves the slots
  std::optional<double> restored_s;   // the old primary serves them again (no promotion)
  std::optional<double> clients_refreshed_s;
  // The last instance's view named the serving node over an open connection: its refresh, a MOVED,
  // the old primary coming back, or the end of a partition between them.
  uint32_t instances_behind = 0;      // instances not yet reaching the serving node
  std::vector<uint8_t> behind;        // [instance]: 1 while it does not reach it
  uint64_t writes_lost = 0;           // acknowledged, not replicated to the promoted replica
  std::string no_promotion;           // why no replica was promoted, if none was
  // When the shard has a serving primary again.
  std::optional<double> served_again_s() const { return promoted_s ? promoted_s : restored_s; }
};

}  // namespace cachestorm::models
