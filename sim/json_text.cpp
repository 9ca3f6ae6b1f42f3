#include "sim/json_text.hpp"

#include <set>
#include <vector>

#include "sim/config_reader.hpp"

namespace cachestorm::sim {
namespace {

using nlohmann::json;

// True if a number literal's digits before its exponent are not all zero ("1e-400", not "0.0e5").
bool has_nonzero_mantissa(const std::string& text) {
  for (const char c : text) {
    if (c == 'e' || c == 'E') return false;
    if (c >= '1' && c <= '9') return true;
  }
  return false;
}

// Builds the tree from SAX events, knowing at every event where in the document it is.
class StrictDomBuilder final : public nlohmann::json_sax<json> {
 public:
  StrictDomBuilder(json& root, std::string origin_name) : root_(root), origin_name_(std::move(origin_name)) {}

  bool null() override { return put(json(nullptr)) && done(); }
  bool boolean(bool value) override { return put(json(value)) && done(); }
  bool number_integer(number_integer_t value) override { return put(json(value)) && done(); }
  bool number_unsigned(number_unsigned_t value) override { return put(json(value)) && done(); }
  bool number_float(number_float_t value, const string_t& text) override {
    if (value == 0.0 && has_nonzero_mantissa(text))
      throw ConfigError(pending_path(), "number out of range (" + text + " is below ±4.9e-324 and would read as 0)");
    return put(json(value)) && done();
  }
  bool string(string_t& value) override { return put(json(std::move(value))) && done(); }
  bool binary(binary_t&) override { return put(json(nullptr)) && done(); }  // not produced by JSON text
  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& key) override {
    Frame& frame = stack_.back();
    if (!frame.seen_keys.insert(key).second)
      throw ConfigError(path(key), "key given twice in one object (JSON leaves the meaning open; give it once)");
    frame.key = key;
    return true;
  }
  bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& error) override {
    if (error.id == 406)  // out_of_range.406: a number too large for a double
      throw ConfigError(pending_path(), "number out of range (beyond ±1.8e308)");
    const std::string what = error.what();  // "[json.exception.parse_error.101] parse error at ..."
    const auto detail = what.find("] ");
    std::string problem = "not valid JSON at byte " + std::to_string(byte) + ": ";
    problem.append(what, detail == std::string::npos ? 0 : detail + 2);
    throw ConfigError(pending_path(), problem);
  }

 private:
  struct Frame {
    json* value;
    std::string key;             // objects: the key whose value comes next
    std::set<std::string> seen_keys;
  };

  bool put(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return true;
    }
    Frame& frame = stack_.back();
    if (frame.value->is_array()) {
      frame.value->push_back(std::move(value));
    } else {
      (*frame.value)[frame.key] = std::move(value);
    }
    return true;
  }
  // A member is complete: between members an error belongs to the object, not the last key.
  bool done() {
    if (!stack_.empty() && stack_.back().value->is_object()) stack_.back().key.clear();
    return true;
  }
  json* last_put() {
    if (stack_.empty()) return &root_;
    Frame& frame = stack_.back();
    return frame.value->is_array() ? &frame.value->back() : &(*frame.value)[frame.key];
  }
  bool open(json&& empty) {
    if (stack_.size() >= kMaxJsonDepth)
      throw ConfigError(pending_path(), "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    put(std::move(empty));
    stack_.push_back({last_put(), {}, {}});
    return true;
  }
  bool close() {
    stack_.pop_back();
    return done();
  }
  // Path of the containers open now, each followed by the element being read in it.
  std::string path(const std::string& last_key) const {
    std::string out;
    for (size_t i = 0; i < stack_.size(); ++i) {
      const Frame& frame = stack_[i];
      if (frame.value->is_array()) {
        out += "[" + std::to_string(frame.value->size() - (i + 1 < stack_.size() ? 1 : 0)) + "]";
      } else {
        const std::string& key = i + 1 < stack_.size() ? frame.key : last_key;
        if (!key.empty()) out += (out.empty() ? "" : ".") + key;
      }
    }
    return out;
  }
  std::string pending_path() const {
    const std::string where = stack_.empty() ? "" : path(stack_.back().key);
    return where.empty() ? origin_name_ : where;
  }

  json& root_;
  std::string origin_name_;
  std::vector<Frame> stack_;
};

}  // namespace

json parse_json_text(const std::string& text, const std::string& origin_name) {
  if (const auto nul = text.find('\0'); nul != std::string::npos)
    throw ConfigError(origin_name, "a NUL byte at byte " + std::to_string(nul) + " (not JSON text)");
  json root;
  StrictDomBuilder builder(root, origin_name);
  json::sax_parse(text, &builder);
  return root;
}

}  // namespace cachestorm::sim
