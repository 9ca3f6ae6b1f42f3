// The content of one output file, and the one routine that writes it to a file descriptor: text
// at hand, or a producer (analysis/text_sink.hpp) that writes it piece by piece, so a long time
// series goes to disk as it is made. Used by result directories, the replication store and new
// single files; every write error (a full disk) is an OutputError naming the file.
#pragma once
#include <filesystem>
#include <string>

#include "analysis/text_sink.hpp"

namespace cachestorm::run {

struct FileContent {
  FileContent(std::string content) : text(std::move(content)) {}  // NOLINT: implicit on purpose
  FileContent(const char* content) : text(content) {}             // NOLINT
  FileContent(analysis::TextProducer make) : producer(std::move(make)) {}  // NOLINT
  std::string text;                  // used when there is no producer
  analysis::TextProducer producer;
};

// Writes `content` to `fd` (opened for writing at `path`), flushes it to disk and closes `fd`.
// Throws OutputError("PATH: cannot write (...)"); `fd` is closed either way.
void write_and_close(int fd, const std::filesystem::path& path, const FileContent& content);

}  // namespace cachestorm::run
