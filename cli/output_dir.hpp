// Writes a run's files all at once: into a sibling staging directory first, then renamed into
// place, so a reader never sees half a result and an interrupted or failed run leaves the old
// result (or nothing) behind. A directory is only ever replaced if it holds a manifest.json (a
// previous cachestorm result); anything else is refused rather than overwritten.
#pragma once
#include <map>
#include <stdexcept>
#include <string>

namespace cachestorm::cli {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws OutputError if `dir` exists and is not empty and not a previous result.
void check_output_dir(const std::string& dir);
// Writes every (file name, content) pair into `dir`, atomically as described above.
void write_output_dir(const std::string& dir, const std::map<std::string, std::string>& files);

}  // namespace cachestorm::cli
