#include "run/plan.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "run/exit_codes.hpp"
#include "run/variants.hpp"

namespace cachestorm::run {

SearchSpec parse_range(const std::string& text, const PlanOptions& options, std::string& path) {
  const size_t equals = text.find('='), colon = text.find(':', equals == std::string::npos ? 0 : equals);
  SearchSpec spec;
  try {
    if (equals == std::string::npos || colon == std::string::npos || equals == 0) throw std::invalid_argument("");
    path = text.substr(0, equals);
    const std::string low = text.substr(equals + 1, colon - equals - 1), high = text.substr(colon + 1);
    size_t used_low = 0, used_high = 0;
    spec.low = std::stod(low, &used_low);
    spec.high = std::stod(high, &used_high);
    if (used_low != low.size() || used_high != high.size() || !(spec.high > spec.low)) throw std::invalid_argument("");
    spec.integral = low.find_first_of(".eE") == std::string::npos && high.find_first_of(".eE") == std::string::npos;
  } catch (const std::exception&) {
    throw std::invalid_argument("--axis " + text + ": write PATH=LOW:HIGH with LOW < HIGH (e.g. origin.connections=8:128; "
                                "integers search whole numbers, 0.001:0.01 real ones to 1 %)");
  }
  spec.smallest = !options.largest;
  spec.replications = options.replications;
  spec.max_replications = std::max(options.replications, options.max_replications);
  return spec;
}

PlanOutcome plan(const PlanOptions& options, const DriverHooks& hooks) {
  PlanOutcome outcome;
  const SearchSpec spec = parse_range(options.axis, options, outcome.path);
  const ScenarioRequest base{options.scenario_path, options.seed, options.overrides, options.memory_limit_mb,
                             options.jobs};
  std::vector<NamedRequest> variants{{"baseline", base}};
  for (const auto& text : options.variants) variants.push_back(parse_variant(text, base));
  PlanJudge judge(options, outcome.path, variants);
  judge.should_stop = [&hooks] { return hooks.stop_requested(); };
  nlohmann::json blocks = nlohmann::json::array();
  for (size_t v = 0; v < variants.size(); ++v) {
    const SearchResult result = search(spec, [&](double value, uint32_t n) { return judge.judge(v, value, n); });
    blocks.push_back(judge.variant_json(v, result));
    outcome.variants.push_back({variants[v].name, result, blocks.back()["headroom"]});
  }
  judge.publish(blocks);
  outcome.scenario_name = judge.scenario_name();
  outcome.slo_text = judge.slo_text();
  outcome.out_dir = judge.out_dir();
  return outcome;
}

}  // namespace cachestorm::run
