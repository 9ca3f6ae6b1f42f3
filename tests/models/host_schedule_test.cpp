// Composition of fault holds (models/faults/host_schedule.hpp): a host is up only while no fault
// holds it down; exact expected change lists, worked out by hand for each case.
#include <gtest/gtest.h>

#include "models/faults/host_schedule.hpp"
#include "models/scenario.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

constexpr HostId kCache0{HostRole::kCache, 0};
constexpr HostId kCache1{HostRole::kCache, 1};

TEST(HostSchedule, OverlappingOutagesEndWhenTheLastEnds) {
  // [5, 15) and [10, 20) on one host: down at 5, up at 20, nothing at 10 or 15.
  const auto net = compose_host_changes({{5, kCache0, false}, {15, kCache0, true},
                                         {10, kCache0, false}, {20, kCache0, true}});
  EXPECT_EQ(net, (std::vector<HostStateChange>{{5, kCache0, false}, {20, kCache0, true}}));
}

TEST(HostSchedule, ANestedOutageChangesNothing) {
  const auto net = compose_host_changes({{5, kCache0, false}, {50, kCache0, true},
                                         {10, kCache0, false}, {20, kCache0, true}});
  EXPECT_EQ(net, (std::vector<HostStateChange>{{5, kCache0, false}, {50, kCache0, true}}));
}

TEST(HostSchedule, BackToBackOutagesAtOneInstantKeepTheHostDown) {
  // [5, 10) then [10, 12): the end and the start at t = 10 cancel; the host never blinks up.
  const auto net = compose_host_changes({{5, kCache1, false}, {10, kCache1, true},
                                         {10, kCache1, false}, {12, kCache1, true}});
  EXPECT_EQ(net, (std::vector<HostStateChange>{{5, kCache1, false}, {12, kCache1, true}}));
}

TEST(HostSchedule, HostsAreIndependentAndAnOpenEndedOutageNeverEnds) {
  const auto net = compose_host_changes({{3, kCache0, false}, {4, kCache1, false}, {8, kCache1, true},
                                         {6, kCache0, false}, {7, kCache0, true}});
  EXPECT_EQ(net, (std::vector<HostStateChange>{{3, kCache0, false}, {4, kCache1, false}, {8, kCache1, true}}));
}

TEST(HostSchedule, AFaultThatCannotHappenInsideTheRunIsAnError) {
  const nlohmann::json late = {{"duration_s", 60},
                               {"faults", {{{"type", "cache_down"}, {"node", 0}, {"at_s", 10}},
                                           {{"type", "cache_down"}, {"node", 0}, {"at_s", 60}}}}};
  try {
    parse_scenario(late);
    FAIL() << "a fault at the horizon was accepted";
  } catch (const sim::ConfigError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("faults[1].at_s: must be < duration_s (60)", 0), 0u) << error.what();
  }
}

}  // namespace
}  // namespace cachestorm::models
