#!/usr/bin/env bash
# Regenerates the golden outputs (tests/golden/<case>/) from the cases in tests/golden/cases.tsv,
# and the reports' golden Vega-Lite specs (tests/golden_report/),
# with the binary in build/ (or $CACHESTORM_BIN), then lists what changed. Run it only when a change
# is meant to move results, after building that change, and review `git diff -- tests/golden`
# before committing it: the diff is the change's effect on every shipped scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CACHESTORM_BIN:-build/cachestorm}
if [[ ! -x "$bin" ]]; then
  echo "update_golden: $bin not found: build first (cmake --build build)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
listed=()
while IFS=$'\t' read -r name scenario args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  listed+=("$name")
  # shellcheck disable=SC2086  # the arguments are words, as written in cases.tsv
  "$bin" run "$scenario" $args --quiet --out "$tmp/$name" >/dev/null
  rm -rf "tests/golden/$name"
  mkdir -p "tests/golden/$name"
  for file in summary.json timeseries.csv events.jsonl replications.csv; do
    [[ -f "$tmp/$name/$file" ]] && cp "$tmp/$name/$file" "tests/golden/$name/"
  done
done < tests/golden/cases.tsv
for dir in tests/golden/*/; do  # a case no longer listed
  name=$(basename "$dir")
  [[ " ${listed[*]} " == *" $name "* ]] || rm -rf "$dir"
done
# The reports' Vega-Lite specs (tests/golden_report/<kind>/): a run and a replicated run of the
# report test's scenario, each chart's spec as `cachestorm report --specs` writes it.
for kind in run replicated; do
  extra=()
  [[ "$kind" == replicated ]] && extra=(--replications 3)
  "$bin" run tests/golden_report/outage.json "${extra[@]}" --quiet --out "$tmp/report_$kind" >/dev/null
  rm -rf "tests/golden_report/$kind"
  "$bin" report "$tmp/report_$kind" -o "$tmp/report_$kind.html" --specs "tests/golden_report/$kind"
done
"$bin" compare tests/golden_report/outage.json --variant 'wide: origin.connections=24' --replications 3 --quiet \
  --out "$tmp/report_compare" >/dev/null
rm -rf tests/golden_report/compare
"$bin" report "$tmp/report_compare" -o "$tmp/report_compare.html" --specs tests/golden_report/compare
git status --short -- tests/golden tests/golden_report
