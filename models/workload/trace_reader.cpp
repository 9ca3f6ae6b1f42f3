#include "models/workload/trace_reader.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <vector>

namespace cachestorm::models {
namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return fields;
    start = comma + 1;
  }
}

// Refuses what is not a regular file before it is opened: opening a FIFO waits for a writer,
// and a device such as /dev/zero never ends.
const std::string& regular_file(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw TraceError(path + ": not a regular file (a directory, device or FIFO); a trace is a CSV file");
  return path;
}

}  // namespace

TraceReader::TraceReader(const std::string& path) : path_(path), in_(regular_file(path), std::ios::binary) {
  if (!in_) throw TraceError(path + ": cannot be read");
  read_header();
}

void TraceReader::fail(const std::string& problem) const {
  throw TraceError(path_ + ": line " + std::to_string(line_) + ": " + problem);
}

void TraceReader::read_header() {
  line_ = 0;
  key_column_ = time_column_ = value_column_ = op_column_ = -1;
  if (!std::getline(in_, text_)) fail("empty file; the first line names the columns (key, and t_s, value_bytes, op)");
  ++line_;
  if (!text_.empty() && text_.back() == '\r') text_.pop_back();
  const auto names = split(text_);
  columns_ = static_cast<int>(names.size());
  for (int i = 0; i < columns_; ++i) {
    int* column = names[i] == "key"           ? &key_column_
                  : names[i] == "t_s"         ? &time_column_
                  : names[i] == "value_bytes" ? &value_column_
                  : names[i] == "op"          ? &op_column_
                                              : nullptr;
    if (column == nullptr) fail("unknown column \"" + names[i] + "\"; valid columns: key, op, t_s, value_bytes");
    if (*column >= 0) fail("column \"" + names[i] + "\" appears twice");
    *column = i;
  }
  if (key_column_ < 0) fail("no \"key\" column");
}

bool TraceReader::next(TraceRow& row) {
  if (!std::getline(in_, text_)) return false;
  ++line_;
  if (!text_.empty() && text_.back() == '\r') text_.pop_back();
  const auto fields = split(text_);
  if (static_cast<int>(fields.size()) != columns_)
    fail(std::to_string(fields.size()) + " fields; the header names " + std::to_string(columns_));
  row.key = fields[key_column_];
  if (row.key.empty() || row.key.size() > 512 || row.key.find_first_of(" \t\"'") != std::string::npos)
    fail("key must be 1-512 bytes without spaces or quotes (got \"" + row.key + "\")");
  row.t_s.reset();
  row.value_bytes.reset();
  if (time_column_ >= 0) {
    const std::string& text = fields[time_column_];
    double t = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), t);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(t) || t < 0.0)
      fail("t_s must be a non-negative number (got \"" + text + "\")");
    if (t < last_time_) fail("t_s goes back in time (" + text + " after " + std::to_string(last_time_) + ")");
    last_time_ = t;
    row.t_s = t;
  }
  if (value_column_ >= 0) {
    const std::string& text = fields[value_column_];
    uint32_t bytes = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bytes);
    if (error != std::errc() || end != text.data() + text.size())
      fail("value_bytes must be an integer in [0, 4294967295] (got \"" + text + "\")");
    row.value_bytes = bytes;
  }
  if (op_column_ >= 0 && fields[op_column_] != "get")
    fail("op \"" + fields[op_column_] + "\" is not replayed; valid ops: get (writes arrive with the writes issue)");
  return true;
}

void TraceReader::rewind() {
  in_.clear();
  in_.seekg(0);
  last_time_ = 0.0;
  read_header();
}

}  // namespace cachestorm::models
