// A deterministic mutation fuzzer for the scenario reader: from a seed corpus (the shipped
// scenarios and the bad-input corpus), it mutates documents as text (bytes flipped, inserted,
// deleted, chunks repeated or spliced from another document) and as JSON (a value replaced by an
// extreme one, a key dropped, repeated or invented, an array emptied or grown), and reads each
// one as `cachestorm run` does: strict JSON text, a --set override now and then (a path of the
// document's words or a malformed one, an extreme value), the scenario checks, the memory estimate.
//
// Every input must either be refused with a ConfigError (or a trace's TraceError) or be accepted;
// and an accepted scenario, read again from its resolved form, must be accepted and resolve to the
// same document. Anything else (another exception, a crash, a sanitizer report, a hang caught by
// the test's time limit) is a finding: the run fails, and the input is written to --crash-dir
// (scenario-fuzz-finding-<iteration>.json, or scenario-fuzz-crash.json on a fatal signal, with a
// --set it applied noted on a last line; the same seed and count replay it).
//
// Usage: scenario_fuzz CORPUS_DIR... [--iterations N | --seconds S] [--seed K] [--crash-dir D]
// The same seed and iteration count replay the same inputs. Not a test of the simulation itself.
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/memory_estimate.hpp"
#include "models/scenario.hpp"
#include "models/workload/trace_reader.hpp"
#include "sim/config_reader.hpp"
#include "sim/json_overrides.hpp"
#include "sim/json_text.hpp"
#include "sim/rng.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Options {
  std::vector<std::string> corpus_dirs;
  uint64_t iterations = 0;
  double seconds = 0.0;
  uint64_t seed = 1;
  std::string crash_dir = ".";
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> load_corpus(const std::vector<std::string>& dirs) {
  std::vector<std::string> corpus;
  for (const auto& dir : dirs)
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() == ".json" && entry.file_size() < (1u << 20))
        corpus.push_back(read_all(entry.path()));
  return corpus;
}

uint64_t below(cachestorm::sim::Rng& rng, uint64_t n) { return n == 0 ? 0 : rng.next_u64() % n; }

// Values at the edges of what the reader checks.
json extreme_value(cachestorm::sim::Rng& rng) {
  static const char* kTexts[] = {"0", "-1", "1", "0.5", "1e308", "-1e308", "4.9e-324", "4294967295", "4294967296",
                                 "18446744073709551615", "9223372036854775807", "-9223372036854775808", "1e-9",
                                 "3.0", "100000", "1e9", "null", "true", "false", "\"\"", "\"x\"", "[]", "{}",
                                 "\"/dev/zero\"", "\"/\"", "\"zipf\"", "\"trace\"", "\"uniform\"", "\"cache_down\"",
                                 "\"exponential\"", "\"deterministic\"", "\"lognormal\"", "\"single_flight\"",
                                 "\"xfetch\"", "\"circuit_breaker\"", "\"write_behind\"", "\"{id}\"", "[{}]",
                                 "{\"type\": \"zipf\", \"count\": 3}", "\"\\u0000\"", "-0", "65536", "16383", "16384"};
  return json::parse(kTexts[below(rng, std::size(kTexts))]);
}

// Every value in the document, depth first (pointers stay valid while the document is unchanged).
void collect(json& node, std::vector<json*>& out) {
  out.push_back(&node);
  if (node.is_object() || node.is_array())
    for (auto& child : node) collect(child, out);
}

void mutate_structure(json& doc, const std::vector<std::string>& corpus, cachestorm::sim::Rng& rng) {
  std::vector<json*> nodes;
  collect(doc, nodes);
  json& node = *nodes[below(rng, nodes.size())];
  switch (below(rng, 6)) {
    case 0: node = extreme_value(rng); break;
    case 1:
      if (node.is_object() && !node.empty()) node.erase(std::next(node.begin(), static_cast<long>(below(rng, node.size()))).key());
      break;
    case 2:
      if (node.is_object()) node[below(rng, 2) ? "unknown_key" : "type"] = extreme_value(rng);
      break;
    case 3:
      if (node.is_array() && !node.empty()) node.push_back(node[below(rng, node.size())]);
      break;
    case 4:
      if (node.is_array()) node = json::array();
      break;
    default: {  // graft a value from another document
      const json other = json::parse(corpus[below(rng, corpus.size())], nullptr, false);
      if (other.is_discarded()) break;
      std::vector<json*> theirs;
      json copy = other;
      collect(copy, theirs);
      node = *theirs[below(rng, theirs.size())];
    }
  }
}

void mutate_text(std::string& text, const std::vector<std::string>& corpus, cachestorm::sim::Rng& rng) {
  static const char kBytes[] = "{}[],:\"\\0123456789.eE+-ntfaulrs \n\x00\xff";
  const size_t at = below(rng, text.size() + 1);
  switch (below(rng, 5)) {
    case 0:
      if (!text.empty()) text[below(rng, text.size())] = kBytes[below(rng, sizeof kBytes - 1)];
      break;
    case 1: text.insert(at, 1, kBytes[below(rng, sizeof kBytes - 1)]); break;
    case 2: text.erase(at, below(rng, 8)); break;
    case 3: text.insert(at, text.substr(below(rng, text.size() + 1), below(rng, 32))); break;
    default: {
      const std::string& other = corpus[below(rng, corpus.size())];
      text.insert(at, other.substr(below(rng, other.size() + 1), below(rng, 64)));
    }
  }
}

// The input being read, for the crash handler: a crash writes it to g_crash_path and dies.
std::string g_input;
char g_crash_path[4096];

extern "C" void keep_input_and_die(int signal_number) {
  const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    [[maybe_unused]] const ssize_t n = ::write(fd, g_input.data(), g_input.size());
    ::close(fd);
  }
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

enum class Verdict { kAccepted, kRefused };

// A --set assignment: a path into the document (or a made-up one) and a value, as a user types it.
std::string random_override(const std::string& text, cachestorm::sim::Rng& rng) {
  static const char* kPaths[] = {"origin.connections", "faults[0].at_s", "faults[3]", "workload.key_classes[0].keys.count",
                                 "cache.nodes", "a..b", "[0]", "workload.key_classes[9].ttl_s", "name", "x[", "=",
                                 "cache.memory.maxmemory_bytes", "topology.clients", "duration_s", "seed"};
  static const char* kValues[] = {"1", "-1", "1e400", "null", "{}", "[]", "\"s\"", "text", "", "1e-400", "{\"type\": 1}",
                                  "4294967296", "0.5", "[1, 2]", "true"};
  const std::string value = kValues[below(rng, std::size(kValues))];
  if (below(rng, 4) == 0 || text.empty()) return std::string(kPaths[below(rng, std::size(kPaths))]) + "=" + value;
  const size_t at = below(rng, text.size());  // a word of the document itself as the path's last key
  const size_t begin = text.find('"', at), end = begin == std::string::npos ? begin : text.find('"', begin + 1);
  const std::string word = end == std::string::npos ? "name" : text.substr(begin + 1, end - begin - 1);
  return "workload." + word + "=" + value;
}

// Reads `text` as a scenario, with `assignment` applied as --set would if it is not empty;
// throws std::logic_error on a finding.
Verdict read_scenario(const std::string& text, const std::string& assignment) {
  json resolved;
  try {
    json document = cachestorm::sim::parse_json_text(text, "(document)");
    if (!assignment.empty()) cachestorm::sim::apply_override(document, assignment);
    const cachestorm::models::Scenario scenario = cachestorm::models::parse_scenario(document);
    (void)cachestorm::models::estimate_memory(scenario).static_bytes();
    resolved = scenario.resolved;
  } catch (const cachestorm::sim::ConfigError&) {
    return Verdict::kRefused;
  } catch (const cachestorm::models::TraceError&) {
    return Verdict::kRefused;
  }
  try {  // the resolved form reads back to itself
    const auto again = cachestorm::models::parse_scenario(cachestorm::sim::parse_json_text(resolved.dump(), "(resolved)"));
    if (again.resolved != resolved) throw std::logic_error("the resolved form resolves to another document");
  } catch (const cachestorm::sim::ConfigError& error) {
    throw std::logic_error(std::string("the resolved form is refused: ") + error.what());
  }
  return Verdict::kAccepted;
}

bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--iterations" && has_value) options.iterations = std::stoull(argv[++i]);
    else if (arg == "--seconds" && has_value) options.seconds = std::stod(argv[++i]);
    else if (arg == "--seed" && has_value) options.seed = std::stoull(argv[++i]);
    else if (arg == "--crash-dir" && has_value) options.crash_dir = argv[++i];
    else if (arg.rfind("--", 0) == 0) return false;
    else options.corpus_dirs.push_back(arg);
  }
  return !options.corpus_dirs.empty() && (options.iterations > 0 || options.seconds > 0);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::fprintf(stderr, "usage: scenario_fuzz CORPUS_DIR... (--iterations N | --seconds S) [--seed K] [--crash-dir D]\n");
    return 64;
  }
  const std::vector<std::string> corpus = load_corpus(options.corpus_dirs);
  if (corpus.empty()) {
    std::fprintf(stderr, "scenario_fuzz: no .json files in the corpus directories\n");
    return 66;
  }
  cachestorm::sim::Rng rng(cachestorm::sim::mix64(options.seed));
  const std::string crash_path = (fs::path(options.crash_dir) / "scenario-fuzz-crash.json").string();
  std::snprintf(g_crash_path, sizeof g_crash_path, "%s", crash_path.c_str());
  for (const int signal_number : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL}) std::signal(signal_number, keep_input_and_die);
  const auto start = std::chrono::steady_clock::now();
  uint64_t done = 0, accepted = 0;
  for (; options.iterations == 0 || done < options.iterations; ++done) {
    if (options.seconds > 0 && (done & 255) == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= options.seconds)
      break;
    std::string text = corpus[below(rng, corpus.size())];
    const uint64_t rounds = 1 + below(rng, 4);
    for (uint64_t r = 0; r < rounds; ++r) {
      json doc = json::parse(text, nullptr, false);
      if (!doc.is_discarded() && below(rng, 3) != 0) {
        mutate_structure(doc, corpus, rng);
        text = doc.dump();
      } else {
        mutate_text(text, corpus, rng);
      }
    }
    const std::string assignment = below(rng, 8) == 0 ? random_override(text, rng) : std::string();
    g_input = assignment.empty() ? text : text + "\n// --set " + assignment;
    try {
      accepted += read_scenario(text, assignment) == Verdict::kAccepted ? 1 : 0;
    } catch (const std::exception& error) {
      const fs::path kept = fs::path(options.crash_dir) / ("scenario-fuzz-finding-" + std::to_string(done) + ".json");
      std::ofstream(kept, std::ios::binary) << g_input;
      std::fprintf(stderr, "scenario_fuzz: iteration %llu: %s (input kept in %s)\n",
                   static_cast<unsigned long long>(done), error.what(), kept.c_str());
      return 1;
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("scenario_fuzz: %llu inputs (%llu accepted, %llu refused) in %.1f s, seed %llu: no finding\n",
              static_cast<unsigned long long>(done), static_cast<unsigned long long>(accepted),
              static_cast<unsigned long long>(done - accepted), wall, static_cast<unsigned long long>(options.seed));
  return 0;
}
