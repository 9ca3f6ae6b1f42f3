// KeySpace::hottest (models/workload/key_space.hpp): the keys a hot-key fault acts on.
#include <algorithm>

#include "models/workload/key_space.hpp"

namespace cachestorm::models {

std::vector<uint32_t> KeySpace::hottest(size_t count) const {
  struct Candidate {
    double per_s;
    uint32_t key;
  };
  std::vector<Candidate> candidates;
  for (const Stream& stream : streams_) {
    double total_share = 0.0;
    for (const Member& member : stream.members) total_share += classes_[member.class_index].config->share;
    for (const Member& member : stream.members) {
      const Class& c = classes_[member.class_index];
      const double class_per_s = stream.arrivals->base_rate() * c.config->share / total_share;
      const KeyPopularity& keys = *c.config->keys;
      // A class whose probabilities fall with the index offers only its first `count` keys.
      const uint32_t offered = keys.descending() ? static_cast<uint32_t>(std::min<size_t>(count, keys.key_count()))
                                                 : keys.key_count();
      for (uint32_t k = 0; k < offered; ++k) candidates.push_back({class_per_s * keys.probability(k), c.first_key + k});
    }
  }
  const size_t kept = std::min(count, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(kept), candidates.end(),
                    [](const Candidate& a, const Candidate& b) { return a.per_s != b.per_s ? a.per_s > b.per_s : a.key < b.key; });
  std::vector<uint32_t> keys(kept);
  for (size_t i = 0; i < kept; ++i) keys[i] = candidates[i].key;
  return keys;
}

}  // namespace cachestorm::models
