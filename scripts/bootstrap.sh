#!/usr/bin/env bash
# Installs every Debian package cachestorm needs to build, test and run, idempotently:
# `apt-get update` runs only when something is missing. Safe to run again and again.
set -euo pipefail

PACKAGES=(
  build-essential g++ cmake make pkg-config git ca-certificates
  libsimgrid-dev libboost-dev
  libeigen3-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev googletest
  redis-server redis-tools
  python3
  bsdutils  # script(1): the progress test runs the command on a pseudo-terminal
  slurm-wlm munge  # the sweep test starts a one-node Slurm cluster (tests/integration/slurm_sweep_test.cpp)
  chromium  # the report test opens a report headless (tests/integration/report_browser_test.cpp)
  librsvg2-bin  # rsvg-convert: report --svg turns each chart's SVG into PNG
  valgrind  # cachegrind counts instructions per request for the speed benchmark (scripts/bench_instructions.py)
)
# Node.js and npm install the chart libraries reports inline (analysis/report_web/package-lock.json);
# a machine that already has both (from any source) keeps them.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "bootstrap: all ${#PACKAGES[@]} packages present"
else
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The npm packages, exactly as the lock file pins them; again only when they are not in place.
WEB="$(cd "$(dirname "$0")/.." && pwd)/analysis/report_web"
if ! cmp -s "$WEB/package-lock.json" "$WEB/node_modules/.package-lock.json.installed" 2>/dev/null; then
  echo "bootstrap: installing the npm packages of $WEB (npm ci)"
  (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$WEB/package-lock.json" "$WEB/node_modules/.package-lock.json.installed"
else
  echo "bootstrap: npm packages present"
fi
