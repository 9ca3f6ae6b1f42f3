#include "models/client/retry/backoff.hpp"

#include <string>
#include <vector>

#include "sim/config_reader.hpp"

namespace cachestorm::models {

double Backoff::delay_s(uint32_t retry, sim::Rng& rng) const {
  const double ceiling = ceiling_s(retry);
  switch (jitter_) {
    case Jitter::kNone: return ceiling;
    case Jitter::kFull: return ceiling * rng.uniform01();
    case Jitter::kEqual: return ceiling / 2 + ceiling / 2 * rng.uniform01();
  }
  return ceiling;
}

void Backoff::read_jitter(sim::ConfigReader& reader, Jitter fallback) {
  static const std::vector<std::string> kNames = {"none", "full", "equal"};
  std::string name = kNames[static_cast<size_t>(fallback)];
  reader.choice("jitter", name, kNames);
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) jitter_ = static_cast<Jitter>(i);
}

}  // namespace cachestorm::models
