#!/usr/bin/env bash
# API benchmark: GET /v1/integrations (20 integrations, ApiKey auth) against GET /health on the same server, same run.
# Prints requests/s of both, their ratio (target >= 0.7) and the server's RSS afterwards (target < 64 MB).
# Usage: scripts/bench/api.sh [--database URL] ; BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32).
# Uses a release build in .build-release (built on first use; slow) unless HERALD_BIN points at a binary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DATABASE="${2:-}"
[[ "${1:-}" == "--database" ]] || DATABASE=""
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
if [[ -z "${HERALD_BIN:-}" ]]; then
  if [[ ! -x .build-release/release/herald ]]; then
    echo "building release binary (first time only; takes a while)..." >&2
    swift build -c release --scratch-path .build-release --product herald >&2
  fi
  HERALD_BIN="$PWD/.build-release/release/herald"
fi
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }

dir="$(mktemp -d /tmp/herald-bench.XXXXXX)"
db="${DATABASE:-sqlite://$dir/herald.sqlite}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
export HERALD_ENCRYPTION_KEY="${HERALD_ENCRYPTION_KEY:-$(head -c 32 /dev/urandom | base64)}" HERALD_LOG_LEVEL=warning
(cd "$dir" && "$HERALD_BIN" init --json --database "$db" >"$dir/init.json")
key="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["environments"][0]["apiKey"])' "$dir/init.json")"
HERALD_LOG_LEVEL=warning "$HERALD_BIN" serve --port "$port" --database "$db" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$url/health" >/dev/null 2>&1 && break; sleep 0.2; done
for i in $(seq 1 20); do
  curl -fsS -o /dev/null -X POST "$url/v1/integrations" -H "Authorization: ApiKey $key" -H 'Content-Type: application/json' \
    -d "{\"providerId\":\"postmark\",\"channel\":\"email\",\"active\":true,\"credentials\":{\"apiKey\":\"bench-$i\",\"from\":\"a@b.c\",\"senderName\":\"A\"}}"
done
count="$(curl -fsS "$url/v1/integrations" -H "Authorization: ApiKey $key" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))')"
[[ "$count" == 20 ]] || { echo "expected 20 integrations, got $count" >&2; exit 1; }

rps() { # rps URL [header]
  local out
  if [[ $# -gt 1 ]]; then out="$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -H "$2" "$1")"
  else out="$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$1")"; fi
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx responses during the run" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
wrk -t1 -c4 -d2s "$url/health" >/dev/null   # warm-up
health="$(rps "$url/health")"
list="$(rps "$url/v1/integrations" "Authorization: ApiKey $key")"
rss_kb="$(awk '/VmRSS/ {print $2}' /proc/$server/status)"
python3 - "$health" "$list" "$rss_kb" "$db" <<'PY'
import sys
health, listing, rss = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
db = sys.argv[4].split("://")[0]
print(f"database: {db}; {sys.argv[0] and ''}wrk 2 threads, connections as configured")
print(f"GET /health                 {health:10.0f} req/s  (baseline)")
print(f"GET /v1/integrations (20)   {listing:10.0f} req/s")
print(f"ratio list/health           {listing / health:10.2f}   (target >= 0.7)")
print(f"server RSS afterwards       {rss / 1024:10.1f} MB  (target < 64 MB)")
PY
