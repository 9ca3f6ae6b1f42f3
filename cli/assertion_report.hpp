// How the command line shows SLO verdicts (analysis/assertions.hpp judges them): one line each,
// passes on stdout, failures on stderr, and the exit code they make.
#pragma once
#include <vector>

#include "analysis/assertions.hpp"

namespace cachestorm::cli {

using analysis::Assertion;
using analysis::AssertionError;
using analysis::AssertionResult;
using analysis::assertions_json;
using analysis::evaluate_assertions;
using analysis::evaluate_in_share;
using analysis::parse_assertion;

// Prints each verdict (passes to stdout unless quiet, failures to stderr) and returns `code`, or
// kExitAssertionFailed if it was kExitOk and an assertion failed.
int report_assertions(int code, const std::vector<AssertionResult>& judged, bool quiet);

}  // namespace cachestorm::cli
