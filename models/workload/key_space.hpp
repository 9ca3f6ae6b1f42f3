// The keys a workload asks for, in key classes. Each class has a name pattern ("user:{id}:profile";
// "{id}" is replaced by the key's number in its class, every other brace is literal, so
// "{user:{id}}.following" makes the Redis hash tag {user:17}), a share of the requests, a key
// popularity, a value-size distribution and a TTL. Keys are dense global ids: class c's keys
// follow class c-1's. Names are generated, not stored (unless a trace is replayed); what is
// stored per key is its value size (4 B, drawn once per key from "workload/value_size/<class>";
// nothing when every class has a fixed size) and, with more than one shard, its hash slot (2 B).
// Not thread-safe (popularity tables are built lazily).
//
// Requests come in streams: stream 0 is workload.arrivals, whose keys are drawn from the classes
// without arrivals of their own (a class by share, then a key); every class with its own
// arrivals is a stream of its own, after it, in class order.
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/core/warm_up.hpp"
#include "models/dist/distribution.hpp"
#include "models/workload/arrival_process.hpp"
#include "models/workload/key_popularity.hpp"
#include "models/writes/write_path.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {

// Digits of n in decimal (the length of a key's number in its name).
inline uint32_t decimal_digits(uint32_t n) {
  uint32_t digits = 1;
  for (; n >= 10; n /= 10) ++digits;
  return digits;
}

// A staleness budget for a class's reads: at most max_fraction of the values served may be older
// than age_s (stale by more than age_s: the source moved past their version that long before
// they were read). The run counts the reads that break it and says whether the budget held.
struct StalenessBudget {
  double age_s = 30.0;
  double max_fraction = 0.001;
};

// Keys the origin has no value for (negative caching): a fraction of the class's keys, fixed for
// the run, answered "not found" (an ok answer without a value). ttl_s null: such an answer is not
// cached, so every request for the key reaches the origin; else it is cached as an empty value
// for ttl_s.
struct NotFoundConfig {
  double fraction = 0.1;
  std::optional<double> ttl_s = 5.0;
};

struct KeyClassConfig {
  std::string name = "default";
  std::string pattern = "key:{id}";
  double share = 1.0;                              // of workload.arrivals, relative to the other classes
  std::unique_ptr<ArrivalProcess> arrivals;        // null: the class takes its share of workload.arrivals
  bool timed_trace = false;                        // arrivals come from a replayed trace's t_s column
  std::unique_ptr<KeyPopularity> keys;             // default: zipf
  std::unique_ptr<Distribution> value_size_bytes;  // default: deterministic
  std::optional<double> ttl_s = 300.0;             // null: keys without a TTL (they never expire)
  std::unique_ptr<WritePath> writes;               // null: nobody writes the class's keys
  std::optional<StalenessBudget> staleness_budget; // null: none (needs writes: staleness is measured with them)
  std::optional<NotFoundConfig> not_found;         // null: the origin has every key
  // The hash slots of the class's keys, once prepare_key_tables computed them (a KeySpace then
  // copies them instead of hashing every name); not part of the scenario.
  mutable std::shared_ptr<const std::vector<uint16_t>> prepared_slots;
};

// Builds (prepare) or frees (release) what every KeySpace of these classes would compute alike:
// the sampling tables of each class's popularity and of its writes' own, and with_slots, the hash
// slots of each class's keys. A process that forks replications prepares them first, so the
// children share one copy instead of each building its own; the results are the same either way.
void prepare_key_tables(const std::vector<KeyClassConfig>& classes, bool with_slots);
void release_key_tables(const std::vector<KeyClassConfig>& classes);

class KeySpace {
 public:
  // REQUIRES: classes non-empty, each with keys and value_size_bytes set, shares > 0, and the
  // total key count < 2^32; shared_arrivals set unless every class has its own. with_slots:
  // compute every key's hash slot (needed with several shards).
  KeySpace(const std::vector<KeyClassConfig>& classes, const ArrivalProcess* shared_arrivals,
           const sim::RngStreams& streams, bool with_slots);

  uint32_t key_count() const { return key_count_; }
  size_t class_count() const { return classes_.size(); }
  const KeyClassConfig& key_class(size_t index) const { return *classes_[index].config; }
  // The class's first key id (its keys are first_key .. first_key + count - 1).
  uint32_t first_key(size_t index) const { return classes_[index].first_key; }
  uint32_t class_of(uint32_t key) const {
    size_t c = classes_.size() - 1;
    while (c > 0 && key < classes_[c].first_key) --c;
    return static_cast<uint32_t>(c);
  }
  // The key's name, e.g. "user:17:profile".
  std::string name(uint32_t key) const;
  uint32_t value_bytes(uint32_t key) const {
    return value_bytes_.empty() ? classes_[class_of(key)].fixed_value_bytes : value_bytes_[key];
  }
  // REQUIRES: built with_slots.
  uint16_t slot(uint32_t key) const { return slots_[key]; }
  bool has_slots() const { return !slots_.empty(); }
  // The TTL a fill of the key is stored with: the class's (infinity without one), or for a key
  // the origin does not have, its not_found.ttl_s (infinity when such answers are not cached).
  double ttl_s(uint32_t key) const {
    const Class& c = classes_[class_of(key)];
    if (c.missing_below != 0 && missing_in(c, key)) return c.config->not_found->ttl_s.value_or(kNever);
    return c.config->ttl_s ? *c.config->ttl_s : kNever;
  }
  // Whether the origin has no value for the key: a class's not_found.fraction of its keys, each
  // chosen by a hash of its id salted from the stream "workload/not_found/<class>". Such a key's
  // value_bytes() is 0 (the answer carries no value).
  bool missing(uint32_t key) const { return any_missing_ && missing_in(classes_[class_of(key)], key); }
  // A missing key whose class does not cache not-found answers: a fill of it is skipped.
  bool uncached(uint32_t key) const {
    if (!any_missing_) return false;
    const Class& c = classes_[class_of(key)];
    return missing_in(c, key) && !c.config->not_found->ttl_s;
  }
  // Length of the key's name in bytes (what Redis stores for it), without building the name.
  uint32_t name_bytes(uint32_t key) const {
    const Class& c = classes_[class_of(key)];
    if (const std::string* replayed = c.config->keys->key_name(key - c.first_key))
      return static_cast<uint32_t>(replayed->size());
    return c.fixed_name_bytes + decimal_digits(key - c.first_key);
  }
  // The `count` keys with the most requests per second at the arrivals' base rates (a class's
  // share of its stream's rate times the key's probability), hottest first, ties by key id; all
  // keys if there are fewer.
  std::vector<uint32_t> hottest(size_t count) const;
  size_t stream_count() const { return streams_.size(); }
  const ArrivalProcess& stream_arrivals(size_t stream) const { return *streams_[stream].arrivals; }
  // What the stream's random streams are named by: "" for workload.arrivals, "/<class>" else.
  const std::string& stream_tag(size_t stream) const { return streams_[stream].tag; }
  // Fills keys[0..n) with the stream's next n keys: a class by share (no draw when the stream
  // has one class), then a key of that class by its popularity.
  void draw(size_t stream, sim::Rng& rng, uint32_t* keys, size_t n) const;
  // Loads the hash slots of keys[0..n) into the CPU caches, if there are slots (the first thing
  // read when a request is routed; models/core/warm_up.hpp).
  void warm(const uint32_t* keys, size_t n) const {
    if (slots_.empty()) return;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; ++i) sum += slots_[keys[i]];
    keep_loaded(sum);
  }
  // Starts loading the key's value size (read when its GET is served).
  void prefetch(uint32_t key) const {
    if (!value_bytes_.empty()) __builtin_prefetch(&value_bytes_[key]);
  }

 private:
  struct Class {
    const KeyClassConfig* config;
    uint32_t first_key;
    uint32_t fixed_name_bytes;   // the pattern without "{id}"
    uint32_t fixed_value_bytes;  // the value size, when every class's is fixed
    uint64_t missing_below = 0;  // a key whose hash is below this is missing (0: none is)
    uint64_t salt = 0;
  };
  static constexpr double kNever = std::numeric_limits<double>::infinity();
  static bool missing_in(const Class& c, uint32_t key) {
    uint64_t z = c.salt + key * 0x9e3779b97f4a7c15ULL;  // SplitMix64's finaliser
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (z ^ (z >> 31)) < c.missing_below;
  }
  // Chooses the class's missing keys (not_found): sets its threshold and salt.
  void choose_missing(Class& c, const sim::RngStreams& streams);
  struct Member {
    uint32_t class_index;
    uint64_t share_cut;  // a uniform 64-bit draw below this (and above the previous cut) picks it
  };
  struct Stream {
    const ArrivalProcess* arrivals;
    std::string tag;
    std::vector<Member> members;
  };
  void add_stream(const ArrivalProcess* arrivals, std::string tag, const std::vector<uint32_t>& class_indexes);
  // Fills slots_ for the class's keys.
  void fill_slots(const Class& c);
  std::vector<Class> classes_;
  std::vector<Stream> streams_;
  uint32_t key_count_ = 0;
  bool any_missing_ = false;
  std::vector<uint32_t> value_bytes_;  // [key]; empty when every class has one fixed size
  std::vector<uint16_t> slots_;
};

// The name pattern's error, or empty if it is valid: it must hold "{id}" exactly once and be at
// most 200 bytes.
std::string pattern_problem(const std::string& pattern);

}  // namespace cachestorm::models
