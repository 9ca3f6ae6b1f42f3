# Sourced by the scripts that measure a real redis-server: installs Debian's redis-server and
# redis-tools if missing, starts a throwaway server on 127.0.0.1 on a free port in the given
# range with persistence off, and stops it by its process id when the calling script exits.
# Defines $port, $server and cli() (redis-cli against it).
# Usage: source scripts/redis_local.sh FIRST_PORT LAST_PORT
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null || ! command -v redis-benchmark >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends redis-server redis-tools >&2
fi

port=""
for candidate in $(seq "$1" "$2"); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port in $1-$2" >&2; exit 1; }
redis_workdir=$(mktemp -d)
redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$redis_workdir" \
  --logfile "$redis_workdir/redis.log" --daemonize no &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$redis_workdir"' EXIT
cli() { redis-cli -h 127.0.0.1 -p "$port" "$@"; }
for _ in $(seq 50); do cli ping >/dev/null 2>&1 && break; sleep 0.1; done
