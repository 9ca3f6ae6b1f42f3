// Redis Cluster hash slots against published answers: the CRC-16/XMODEM check value, the
// examples of Redis's CLUSTER KEYSLOT documentation, and the hash-tag rules of the cluster
// specification.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "models/cache/hash_slot.hpp"

namespace cachestorm::models {
namespace {

TEST(HashSlot, Crc16XmodemCheckValue) {
  EXPECT_EQ(crc16_xmodem("123456789"), 0x31C3);  // the catalogued check value of CRC-16/XMODEM
  EXPECT_EQ(crc16_xmodem(""), 0);
}

TEST(HashSlot, MatchesTheKeyslotDocumentationExamples) {
  EXPECT_EQ(hash_slot("somekey"), 11058);
  EXPECT_EQ(hash_slot("foo{hash_tag}"), 2515);
  EXPECT_EQ(hash_slot("bar{hash_tag}"), 2515);
  EXPECT_EQ(hash_slot("{user1}.following"), 8106);
}

TEST(HashSlot, HashTagRulesOfTheClusterSpecification) {
  EXPECT_EQ(hashed_part("{user1000}.following"), "user1000");
  EXPECT_EQ(hash_slot("{user1000}.following"), hash_slot("{user1000}.followers"));
  EXPECT_EQ(hashed_part("foo{}{bar}"), "foo{}{bar}");  // empty first tag: the whole key
  EXPECT_EQ(hashed_part("foo{{bar}}zap"), "{bar");     // from the first '{' to the first '}'
  EXPECT_EQ(hashed_part("foo{bar}{zap}"), "bar");      // only the first tag counts
  EXPECT_EQ(hashed_part("no}tag{here"), "no}tag{here");  // a '}' before the '{' is no tag
  EXPECT_EQ(hashed_part("open{only"), "open{only");
}

TEST(HashSlot, SlotsCoverTheWholeRange) {
  // 200 000 generated names reach every one of the 16 384 slots (a CRC spreads sequential names).
  std::vector<bool> seen(kHashSlots, false);
  for (int i = 0; i < 200000; ++i) seen[hash_slot("key:" + std::to_string(i))] = true;
  EXPECT_EQ(std::count(seen.begin(), seen.end(), true), static_cast<long>(kHashSlots));
}

}  // namespace
}  // namespace cachestorm::models
