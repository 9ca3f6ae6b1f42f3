// SourceVersions (models/writes/source_versions.hpp): versions and when each began, exactly, for
// what is watched; write_behind's unflushed versions and their withdrawal.
#include "models/writes/source_versions.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace cachestorm::models {
namespace {

TEST(SourceVersions, TheVersionBeforeTheLatestIsAlwaysKnownOlderOnesWhileWatched) {
  SourceVersions versions(3);
  EXPECT_EQ(versions.latest(1), 0u);
  EXPECT_EQ(versions.advance(1, 2.0, false), 1u);
  EXPECT_EQ(versions.superseded_at(1, 0), 2.0);
  versions.watch(1);  // a read of version 1 in flight
  versions.advance(1, 3.0, false);
  versions.advance(1, 4.5, false);
  EXPECT_EQ(versions.latest(1), 3u);
  EXPECT_EQ(versions.committed(1), 3u);
  EXPECT_EQ(versions.superseded_at(1, 1), 3.0);  // from the history kept while watched
  EXPECT_EQ(versions.superseded_at(1, 2), 4.5);
  versions.unwatch(1);
  EXPECT_EQ(versions.superseded_at(1, 2), 4.5);  // latest - 1 needs no history
  EXPECT_EQ(versions.latest(0), 0u);              // other keys untouched
}

TEST(SourceVersions, UnflushedWritesAreWithdrawnBackToWhatTheOriginHolds) {
  SourceVersions versions(1);
  versions.advance(0, 1.0, false);  // version 1 at the origin
  versions.watch(0);                // a write_behind write, from before its version begins
  versions.advance(0, 2.0, true);   // version 2, in the cache only
  versions.watch(0);
  versions.advance(0, 3.0, true);   // version 3
  EXPECT_EQ(versions.committed(0), 1u);
  EXPECT_EQ(versions.superseded_at(0, 1), 2.0);  // a read of the origin's version 1 is stale since 2.0
  int unflushed = 0;
  versions.for_each_unflushed([&](uint32_t key) { unflushed += key == 0 ? 1 : 100; });
  EXPECT_EQ(unflushed, 1);
  versions.withdraw_unflushed(0);  // the shard lost both
  EXPECT_EQ(versions.latest(0), 1u);
  EXPECT_EQ(versions.began_s(0), 1.0);
  versions.unwatch(0);
  versions.unwatch(0);
  EXPECT_EQ(versions.advance(0, 5.0, false), 2u);  // the next update makes version 2 again
  EXPECT_EQ(versions.superseded_at(0, 1), 5.0);
}

TEST(SourceVersions, AFlushCommitsItsVersionButNeverGoesBack) {
  SourceVersions versions(1);
  versions.watch(0);
  versions.advance(0, 1.0, true);
  versions.advance(0, 2.0, true);
  versions.commit(0, 2);  // the later flush first (random delays)
  versions.commit(0, 1);
  EXPECT_EQ(versions.committed(0), 2u);
  EXPECT_EQ(versions.latest(0), 2u);
}

// The committed version lives apart from each key's 16 B record while a write_behind version is
// unflushed: every way back to committed == latest (a flush of the latest, an update through the
// origin) must leave the key out of the unflushed ones, and a partial flush must not.
TEST(SourceVersions, OnlyKeysWithUnflushedVersionsAreUnflushedWhateverCommittedThem) {
  SourceVersions versions(3);
  for (uint32_t key = 0; key < 3; ++key) {
    versions.watch(key);
    versions.advance(key, 1.0, true);
    versions.advance(key, 2.0, true);  // versions 1 and 2 in the cache only
  }
  versions.commit(0, 1);           // key 0: version 1 flushed, 2 still not
  versions.commit(1, 2);           // key 1: all flushed
  versions.advance(2, 3.0, false);  // key 2: an update through the origin makes version 3
  EXPECT_EQ(versions.committed(0), 1u);
  EXPECT_EQ(versions.committed(1), 2u);
  EXPECT_EQ(versions.committed(2), 3u);
  std::vector<uint32_t> unflushed;
  versions.for_each_unflushed([&](uint32_t key) { unflushed.push_back(key); });
  EXPECT_EQ(unflushed, std::vector<uint32_t>{0});
  versions.withdraw_unflushed(0);
  EXPECT_EQ(versions.latest(0), 1u);
  EXPECT_EQ(versions.committed(0), 1u);
  EXPECT_EQ(versions.began_s(0), 1.0);
  versions.advance(0, 4.0, true);  // ahead again, from version 1
  EXPECT_EQ(versions.committed(0), 1u);
  EXPECT_EQ(versions.latest(0), 2u);
}

}  // namespace
}  // namespace cachestorm::models
