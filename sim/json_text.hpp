// Parses the text of a scenario into a JSON tree, stricter than JSON itself allows and never
// unbounded: nesting deeper than kMaxJsonDepth, a key repeated in one object, a NUL byte, and a
// number outside the range of a double are errors. Every error is a ConfigError naming the JSON
// path where one exists ("workload.keys.count: ...") and the byte offset for syntax errors.
// Not a streaming parser: the text is in memory (the caller bounds its size).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace cachestorm::sim {

inline constexpr size_t kMaxJsonDepth = 64;

// REQUIRES: nothing. Throws ConfigError. `origin_name` names the document in messages about
// the whole text (e.g. "(document)").
nlohmann::json parse_json_text(const std::string& text, const std::string& origin_name);

}  // namespace cachestorm::sim
