#!/usr/bin/env bash
# Regenerates the golden outputs (tests/golden/<case>/) from the cases in tests/golden/cases.tsv,
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
git status --short -- tests/golden
