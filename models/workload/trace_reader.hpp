// Reads a key-access trace file row by row (streamed: only the current row is in memory).
// The format (scenarios/README.md): CSV with a header row naming the columns, in any order:
//   key          required: the key's name (no commas, quotes or spaces)
//   t_s          optional: the request's time in seconds, non-decreasing
//   value_bytes  optional: the value's size in bytes (a key keeps the size of its first row)
//   op           optional: "get" (the only operation replayed today; writes come with issue 10)
// Lines end in LF or CRLF. Errors name the file, the line and the rule.
#pragma once
#include <cstdint>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

namespace cachestorm::models {

struct TraceRow {
  std::string key;
  std::optional<double> t_s;
  std::optional<uint32_t> value_bytes;
};

class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TraceReader {
 public:
  // Opens the file and reads its header. Throws TraceError if it cannot.
  explicit TraceReader(const std::string& path);
  // The next row, or false at the end of the file. Throws TraceError on a malformed row.
  bool next(TraceRow& row);
  // Back to the first row.
  void rewind();
  bool has_time() const { return time_column_ >= 0; }
  bool has_value_bytes() const { return value_column_ >= 0; }
  uint64_t line() const { return line_; }

 private:
  [[noreturn]] void fail(const std::string& problem) const;
  void read_header();

  std::string path_;
  std::ifstream in_;
  std::string text_;
  uint64_t line_ = 0;
  int columns_ = 0;
  int key_column_ = -1, time_column_ = -1, value_column_ = -1, op_column_ = -1;
  double last_time_ = 0.0;
};

}  // namespace cachestorm::models
