// The platform layout is the one table between typed host ids and SimGrid host names: every host
// has exactly one id and back, and faults name hosts only by id.
#include <gtest/gtest.h>

#include <set>

#include "integration/test_scenarios.hpp"
#include "models/platform_layout.hpp"

namespace cachestorm::models {
namespace {

TEST(PlatformLayout, IdsAndNamesMapOneToOne) {
  const auto scenario = testing::scenario_from({{"topology", {{"clients", 3}, {"app_instances", 2}}}, {"cache", {{"nodes", 4}}}});
  const PlatformLayout layout = platform_layout(scenario);
  ASSERT_EQ(layout.ids.size(), layout.hosts.size());
  EXPECT_EQ(layout.hosts.size(), 3u + 2u + 4u + 2u);  // clients, app instances, cache nodes, origin, control
  std::set<HostId> distinct(layout.ids.begin(), layout.ids.end());
  EXPECT_EQ(distinct.size(), layout.ids.size());
  for (size_t i = 0; i < layout.hosts.size(); ++i) {
    EXPECT_EQ(layout.name_of(layout.ids[i]), layout.hosts[i].name);
    EXPECT_EQ(layout.id_of(layout.hosts[i].name), layout.ids[i]);
  }
  EXPECT_EQ(layout.name_of({HostRole::kCache, 3}), "cache-3");
  EXPECT_FALSE(layout.id_of("cache-4").has_value());
}

}  // namespace
}  // namespace cachestorm::models
