// Command-line overrides of a scenario document: "--set a.b.c=value", "--set faults[0].at_s=30".
// The value is JSON ("64", "null", "true", "{\"type\": \"uniform\"}"); text that is not JSON is
// taken as a string ("--set name=run-7"). Applied to the document before it is parsed, so every
// check of the parser applies to the result, and an unknown key is the parser's error naming it.
// Missing objects on the path are created; an array index may name an element or the one after
// the last (to append). Not JSON Pointer: keys are [A-Za-z0-9_]+.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace cachestorm::sim {

// Applies one "path=value" to `document`. Throws ConfigError naming the path (or "--set" for a
// malformed assignment).
void apply_override(nlohmann::json& document, const std::string& assignment);

}  // namespace cachestorm::sim
