// Writing a single output file that must not replace anything: `redis-check --write-trace FILE`
// and `run --perf-out FILE`. The content goes to a hidden temporary file beside the target and is
// then linked into place with link(2), which fails if the name exists, so a user's file is never
// truncated, even by one created while the content was being written. Not for result
// directories (run/output_dir.hpp).
#pragma once
#include <string>

namespace cachestorm::run {

// Throws OutputError ("PATH: exists; ...") if `path` exists (a dangling link counts).
void refuse_existing_file(const std::string& path);
// Creates `path` with `content`, whole or not at all. Throws OutputError naming the path if it
// exists or cannot be written.
void write_new_file(const std::string& path, const std::string& content);

}  // namespace cachestorm::run
