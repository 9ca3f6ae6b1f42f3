// The command-line options of `sweep`, `merge` and `plan`, registered on the app (main.cpp stays a list).
#pragma once
#include <CLI/CLI.hpp>

#include "cli/merge_command.hpp"
#include "cli/plan_command.hpp"
#include "cli/sweep_command.hpp"

namespace cachestorm::cli {

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& sweep);
CLI::App* add_merge_command(CLI::App& app, MergeOptions& merge);
CLI::App* add_plan_command(CLI::App& app, PlanOptions& plan);

}  // namespace cachestorm::cli
