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
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "bootstrap: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
