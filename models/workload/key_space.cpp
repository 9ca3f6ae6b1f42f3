#include "models/workload/key_space.hpp"

#include <algorithm>
#include <cmath>

#include "models/cache/hash_slot.hpp"

namespace cachestorm::models {
namespace {

constexpr std::string_view kIdField = "{id}";

std::string format_name(const std::string& pattern, uint32_t id) {
  const size_t at = pattern.find(kIdField);
  std::string name = pattern.substr(0, at);
  name += std::to_string(id);
  name.append(pattern, at + kIdField.size());
  return name;
}

}  // namespace

std::string pattern_problem(const std::string& pattern) {
  const size_t at = pattern.find(kIdField);
  if (at == std::string::npos) return "must contain {id} (where the key's number goes)";
  if (pattern.find(kIdField, at + 1) != std::string::npos) return "must contain {id} exactly once";
  if (pattern.size() > 200) return "must be at most 200 bytes";
  return {};
}

KeySpace::KeySpace(const std::vector<KeyClassConfig>& classes, const ArrivalProcess* shared_arrivals,
                   const sim::RngStreams& streams, bool with_slots) {
  const bool all_fixed = std::all_of(classes.begin(), classes.end(), [](const KeyClassConfig& c) {
    return c.value_size_bytes->max_value() == c.value_size_bytes->mean() && !c.keys->value_bytes(0) &&
           (!c.not_found || c.not_found->fraction == 0.0);
  });
  uint64_t first = 0;
  for (const auto& c : classes) {
    const auto fixed = static_cast<uint32_t>(std::llround(std::min(c.value_size_bytes->mean(), 4.0e9)));
    classes_.push_back({&c, static_cast<uint32_t>(first), static_cast<uint32_t>(c.pattern.size() - kIdField.size()), fixed});
    choose_missing(classes_.back(), streams);
    c.keys->prepare();
    const uint32_t count = c.keys->key_count();
    first += count;
    if (all_fixed) continue;
    sim::Rng rng = streams.stream("workload/value_size/" + c.name);
    for (uint32_t k = 0; k < count; ++k) {
      const auto replayed = c.keys->value_bytes(k);
      const auto bytes = replayed ? *replayed
                                  : static_cast<uint32_t>(std::llround(std::min(c.value_size_bytes->sample(rng), 4.0e9)));
      value_bytes_.push_back(missing_in(classes_.back(), static_cast<uint32_t>(first - count + k)) ? 0 : bytes);
    }
  }
  key_count_ = static_cast<uint32_t>(first);
  std::vector<uint32_t> sharing;
  for (uint32_t i = 0; i < classes.size(); ++i)
    if (classes[i].arrivals == nullptr) sharing.push_back(i);
  if (!sharing.empty()) add_stream(shared_arrivals, "", sharing);
  for (uint32_t i = 0; i < classes.size(); ++i)
    if (classes[i].arrivals != nullptr) add_stream(classes[i].arrivals.get(), "/" + classes[i].name, {i});
  if (!with_slots) return;
  slots_.resize(key_count_);
  for (const auto& c : classes_) fill_slots(c);
}

void KeySpace::choose_missing(Class& c, const sim::RngStreams& streams) {
  if (!c.config->not_found || c.config->not_found->fraction == 0.0) return;
  const double below = std::ldexp(c.config->not_found->fraction, 64);
  c.missing_below = below >= 0x1.0p64 ? UINT64_MAX : std::max<uint64_t>(1, static_cast<uint64_t>(below));
  c.salt = streams.stream("workload/not_found/" + c.config->name).next_u64();
  any_missing_ = true;
}

namespace {

// The slots of a class's keys, into out[0, count). Names made from the pattern hash whole when
// the pattern has no '{' besides its {id} field (the number has none either): the CRC then
// continues from the prefix's over the number's digits, counted up in place, and the suffix, with
// no name built. The CRC up to the last digit is kept and redone only when a carry changes an
// earlier digit (one id in ten). Otherwise (a hash tag, or names replayed from a trace) each name
// is built and hashed.
void class_slots(const KeyClassConfig& config, uint16_t* out) {
  const uint32_t count = config.keys->key_count();
  const std::string& pattern = config.pattern;
  const size_t at = pattern.find(kIdField);
  const std::string_view prefix(pattern.data(), at);
  const std::string_view suffix(pattern.data() + at + kIdField.size(), pattern.size() - at - kIdField.size());
  if (config.keys->key_name(0) != nullptr || prefix.find('{') != std::string_view::npos ||
      suffix.find('{') != std::string_view::npos) {
    for (uint32_t k = 0; k < count; ++k) {
      const std::string* replayed = config.keys->key_name(k);
      out[k] = hash_slot(replayed != nullptr ? *replayed : format_name(pattern, k));
    }
    return;
  }
  const uint16_t head = crc16_xmodem(prefix);
  char digits[12] = {'0'};  // the id in decimal, most significant first
  size_t length = 1;
  uint16_t upper = head;  // the CRC of the prefix and every digit but the last (they change every 10th id)
  for (uint32_t k = 0; k < count; ++k) {
    uint16_t crc = crc16_xmodem_byte(upper, static_cast<unsigned char>(digits[length - 1]));
    if (!suffix.empty()) crc = crc16_xmodem_more(crc, suffix);
    out[k] = static_cast<uint16_t>(crc % kHashSlots);
    if (digits[length - 1] != '9') {  // add one to the id: only the last digit changes
      ++digits[length - 1];
      continue;
    }
    size_t i = length;  // a carry
    while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
    if (i > 0) {
      ++digits[i - 1];
    } else {
      digits[length++] = '0';
      digits[0] = '1';
    }
    upper = crc16_xmodem_more(head, {digits, length - 1});
  }
}

}  // namespace

void prepare_key_tables(const std::vector<KeyClassConfig>& classes, bool with_slots) {
  for (const auto& c : classes) {
    c.keys->prepare();
    if (c.writes && c.writes->keys) c.writes->keys->prepare();
    if (!with_slots || c.prepared_slots) continue;
    auto slots = std::make_shared<std::vector<uint16_t>>(c.keys->key_count());
    class_slots(c, slots->data());
    c.prepared_slots = std::move(slots);
  }
}

void release_key_tables(const std::vector<KeyClassConfig>& classes) {
  for (const auto& c : classes) {
    c.keys->release();
    if (c.writes && c.writes->keys) c.writes->keys->release();
    c.prepared_slots.reset();
  }
}

void KeySpace::fill_slots(const Class& c) {
  uint16_t* const out = slots_.data() + c.first_key;
  if (const auto& prepared = c.config->prepared_slots) {
    std::copy(prepared->begin(), prepared->end(), out);
    return;
  }
  class_slots(*c.config, out);
}

void KeySpace::add_stream(const ArrivalProcess* arrivals, std::string tag, const std::vector<uint32_t>& class_indexes) {
  Stream& stream = streams_.emplace_back(Stream{arrivals, std::move(tag), {}});
  double total_share = 0.0;
  for (uint32_t i : class_indexes) total_share += classes_[i].config->share;
  double cumulative = 0.0;
  for (uint32_t i : class_indexes) {
    cumulative += classes_[i].config->share;
    const double cut = std::ldexp(cumulative / total_share, 64);
    const bool last = i == class_indexes.back();
    stream.members.push_back({i, last || cut >= 0x1.0p64 ? UINT64_MAX : static_cast<uint64_t>(cut)});
  }
}

std::string KeySpace::name(uint32_t key) const {
  const Class& c = classes_[class_of(key)];
  if (const std::string* replayed = c.config->keys->key_name(key - c.first_key)) return *replayed;
  return format_name(c.config->pattern, key - c.first_key);
}

void KeySpace::draw(size_t stream, sim::Rng& rng, uint32_t* keys, size_t n) const {
  const auto& members = streams_[stream].members;
  if (members.size() == 1) {
    const Class& only = classes_[members[0].class_index];
    only.config->keys->sample_batch(rng, keys, n);
    if (only.first_key != 0)
      for (size_t i = 0; i < n; ++i) keys[i] += only.first_key;
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const uint64_t pick = rng.next_u64();
    size_t m = 0;
    while (pick >= members[m].share_cut && m + 1 < members.size()) ++m;
    const Class& c = classes_[members[m].class_index];
    keys[i] = c.first_key + c.config->keys->sample(rng);
  }
}

}  // namespace cachestorm::models
