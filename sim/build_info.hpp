// Provenance of this build (version, git commit) and of the SimGrid library it runs on.
// Written into every manifest.json; nothing here depends on the scenario.
#pragma once
#include <string>

namespace cachestorm::sim {
const char* cachestorm_version();
const char* cachestorm_git_commit();
// SimGrid version as "major.minor.patch", read from the library at run time.
std::string simgrid_version();
}  // namespace cachestorm::sim
