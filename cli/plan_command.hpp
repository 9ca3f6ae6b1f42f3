// `cachestorm plan` (the driver is run/plan.hpp; this parses and prints): the smallest (or, with --largest, the largest) value of one axis at which
// every --assert holds, for each variant (compare's --variant syntax), by the search of
// run/plan_search.hpp. A value is judged on its replications: met when every assertion's 95 %
// interval clears its bound (or, with --hold-in P, the share of replications meeting it is
// proved at least P), broken when one's interval lies wholly beyond it (or its share is proved
// below P), undecided otherwise, and then judged again with more replications up to
// --max-replications. Replication r of every value and variant draws from the streams of
// (seed, r): values compare on common random numbers. Finished replications are kept beside the
// output (the same command resumes). Writes plan.json (per variant: the outcome, the answer, the
// values judged with their evidence, the headroom) and plan.csv (tidy evidence).
#pragma once
#include "run/plan.hpp"

namespace cachestorm::cli {

using run::PlanOptions;

int plan_command(const PlanOptions& options);

}  // namespace cachestorm::cli
