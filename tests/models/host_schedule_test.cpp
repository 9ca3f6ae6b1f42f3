// Composition of fault holds (models/faults/host_schedule.hpp): a target runs only while no fault
// holds it down; exact expected change lists, worked out by hand for each case.
#include <gtest/gtest.h>

#include "models/faults/host_schedule.hpp"
#include "models/scenario.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

constexpr HostId kCache0{HostRole::kCache, 0};
constexpr HostId kCache1{HostRole::kCache, 1};
constexpr ChangeKind kCrash = ChangeKind::kCrash;
constexpr ChangeKind kRestart = ChangeKind::kRestart;

TEST(HostSchedule, OverlappingOutagesEndWhenTheLastEnds) {
  // [5, 15) and [10, 20) on one host: down at 5, up at 20, nothing at 10 or 15.
  const auto net = compose_changes({{5, kCache0, kCrash}, {15, kCache0, kRestart},
                                         {10, kCache0, kCrash}, {20, kCache0, kRestart}});
  EXPECT_EQ(net, (std::vector<FaultChange>{{5, kCache0, kCrash}, {20, kCache0, kRestart}}));
}

TEST(HostSchedule, ANestedOutageChangesNothing) {
  const auto net = compose_changes({{5, kCache0, kCrash}, {50, kCache0, kRestart},
                                         {10, kCache0, kCrash}, {20, kCache0, kRestart}});
  EXPECT_EQ(net, (std::vector<FaultChange>{{5, kCache0, kCrash}, {50, kCache0, kRestart}}));
}

TEST(HostSchedule, BackToBackOutagesAtOneInstantKeepTheHostDown) {
  // [5, 10) then [10, 12): the end and the start at t = 10 cancel; the host never blinks up.
  const auto net = compose_changes({{5, kCache1, kCrash}, {10, kCache1, kRestart},
                                         {10, kCache1, kCrash}, {12, kCache1, kRestart}});
  EXPECT_EQ(net, (std::vector<FaultChange>{{5, kCache1, kCrash}, {12, kCache1, kRestart}}));
}

TEST(HostSchedule, HostsAreIndependentAndAnOpenEndedOutageNeverEnds) {
  const auto net = compose_changes({{3, kCache0, kCrash}, {4, kCache1, kCrash}, {8, kCache1, kRestart},
                                         {6, kCache0, kCrash}, {7, kCache0, kRestart}});
  EXPECT_EQ(net, (std::vector<FaultChange>{{3, kCache0, kCrash}, {4, kCache1, kCrash}, {8, kCache1, kRestart}}));
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
