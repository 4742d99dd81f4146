#!/usr/bin/env bash
# Delivery benchmark, all against the same loopback sink in the same run:
#   Herald:  POST /v1/deliveries -> SQLite outbox -> worker -> chat-webhook -> sink (end to end), plus enqueue p50/p99.
#            The POSTs come from wrk (BENCH_CONCURRENCY connections for BENCH_SECONDS); the rate counts from the first
#            POST until the sink has every delivery. A second figure uses an AsyncHTTPClient load generator instead
#            (it costs as much CPU as the plain loop's client, on the same 2 cores).
#   (a) Apprise (PyPI `apprise`, json:// to the sink), (b) a plain AsyncHTTPClient loop to the sink,
#   both at the same concurrency as Herald's workers and its client connections.
# Prints deliveries/s of each and the ratios (targets: >= 20x Apprise, >= 0.6x the plain loop), and Herald's CPU
# time per delivery.
# Usage: scripts/bench/delivery.sh [--database URL]; BENCH_SECONDS (default 8), BENCH_COUNT (default 10000, the
# AsyncHTTPClient runs), BENCH_CONCURRENCY (default 8).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DATABASE=""
[[ "${1:-}" == "--database" ]] && DATABASE="${2:-}"
COUNT="${BENCH_COUNT:-10000}"
SECONDS_PER_RUN="${BENCH_SECONDS:-8}"
CONCURRENCY="${BENCH_CONCURRENCY:-8}"
APPRISE_COUNT="${BENCH_APPRISE_COUNT:-1000}"
source scripts/lib/bench.sh
herald_binaries
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
VENV="$PWD/.build-venv/apprise"
[[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import apprise' 2>/dev/null || {
  python3 -m venv "$VENV"; "$VENV/bin/pip" install -q apprise >&2; }

dir="$(mktemp -d /tmp/herald-dbench.XXXXXX)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"' EXIT
sink_port="$(free_port)"; "$BENCH_BIN" sink --port "$sink_port" & pids+=($!)
sink="http://127.0.0.1:$sink_port/hook"
export HERALD_ENCRYPTION_KEY="${HERALD_ENCRYPTION_KEY:-$(head -c 32 /dev/urandom | base64)}" HERALD_LOG_LEVEL=warning
db="${DATABASE:-sqlite://$dir/herald.sqlite}"
(cd "$dir" && "$HERALD_BIN" init --json --database "$db" >"$dir/init.json")
key="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["environments"][0]["apiKey"])' "$dir/init.json")"
port="$(free_port)"
HERALD_LOG_LEVEL=warning "$HERALD_BIN" serve --port "$port" --database "$db" --workers "$CONCURRENCY" >"$dir/server.log" 2>&1 & pids+=($!)
herald_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$url/health" >/dev/null 2>&1 && break; sleep 0.1; done
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$sink_port/count" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS -o /dev/null -X POST "$url/v1/integrations" -H "Authorization: ApiKey $key" -H 'Content-Type: application/json' \
  -d '{"providerId":"chat-webhook","channel":"chat","active":true,"credentials":{"secretKey":"bench-secret"}}'

cat >"$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "ApiKey $key"
wrk.body = '{"channel":"chat","to":{"webhookUrl":"$sink"},"content":{"content":"benchmark message"}}'
LUA
sink_count() { curl -fsS "http://127.0.0.1:$sink_port/count"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# end_to_end URL PID: wrk POSTs for SECONDS_PER_RUN, then waits until the sink has every accepted request; prints
# "N in T s: R/s enqueue p50 … ms p99 … ms cpu … us" (CPU time of PID per request).
end_to_end() {
  local target="$1" pid="$2" before cpu_before started sent finished cpu_after
  before="$(sink_count)"; cpu_before="$(cpu_ticks "$pid")"; started="$(date +%s.%N)"
  wrk -t1 -c"$CONCURRENCY" -d"${SECONDS_PER_RUN}s" --latency -s "$dir/post.lua" "$target" >"$dir/wrk.txt"
  sent="$(awk '/requests in/ {print $1}' "$dir/wrk.txt")"
  if grep -q "Non-2xx" "$dir/wrk.txt"; then echo "$target refused some requests:" >&2; cat "$dir/wrk.txt" >&2; exit 1; fi
  while (( $(sink_count) < before + sent )); do sleep 0.005; done
  finished="$(date +%s.%N)"; cpu_after="$(cpu_ticks "$pid")"
  python3 - "$sent" "$started" "$finished" "$cpu_before" "$cpu_after" "$dir/wrk.txt" <<'PY'
import re, sys
sent, started, finished, cpu0, cpu1 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
text = open(sys.argv[6]).read()
def ms(label):
    value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
print(f"{sent} in {finished - started:.3f} s: {sent / (finished - started):.0f}/s enqueue p50 {ms('50'):.2f} ms "
      f"p99 {ms('99'):.2f} ms cpu {(cpu1 - cpu0) * 1e4 / sent:.0f} us")
PY
}
wrk -t1 -c"$CONCURRENCY" -d2s -s "$dir/post.lua" "$url/v1/deliveries" >/dev/null  # warm-up
"$BENCH_BIN" enqueue --url "$url" --key "$key" --sink "$sink" --count 300 --concurrency "$CONCURRENCY" >/dev/null
herald_line="$(end_to_end "$url/v1/deliveries" "$herald_pid")"
relay_port="$(free_port)"
"$BENCH_BIN" relay --port "$relay_port" --sink "$sink" --concurrency "$CONCURRENCY" & pids+=($!)
relay_pid=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null -X POST "http://127.0.0.1:$relay_port/relay" -d '{}' 2>/dev/null && break; sleep 0.1; done
relay_line="$(end_to_end "http://127.0.0.1:$relay_port/relay" "$relay_pid")"
kill "$relay_pid" 2>/dev/null || true
ahc_line="$("$BENCH_BIN" enqueue --url "$url" --key "$key" --sink "$sink" --count "$COUNT" --concurrency "$CONCURRENCY")"
loop_line="$("$BENCH_BIN" loop --url "$sink" --count "$COUNT" --concurrency "$CONCURRENCY")"
apprise_rate="$("$VENV/bin/python" - "$sink_port" "$APPRISE_COUNT" "$CONCURRENCY" <<'PY'
import sys, time, concurrent.futures, apprise, logging
logging.disable(logging.CRITICAL)
port, count, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def send(i):
    a = apprise.Apprise(); a.add(f"json://127.0.0.1:{port}/hook")
    if not a.notify(body=f"message {i}", title="bench"): raise SystemExit("apprise failed")
send(0)
start = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(workers) as pool: list(pool.map(send, range(count)))
print(f"{count / (time.perf_counter() - start):.0f}")
PY
)"
python3 - "$herald_line" "$loop_line" "$apprise_rate" "$db" "$CONCURRENCY" "$ahc_line" "$relay_line" <<'PY'
import re, sys
herald_line, loop_line, apprise, db, conc, ahc_line, relay_line = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
relay = float(re.search(r"([\d.]+)/s", relay_line).group(1))
relay_cpu = re.search(r"cpu (\d+) us", relay_line).group(1)
herald = float(re.search(r"([\d.]+)/s", herald_line).group(1)); loop = float(re.search(r"([\d.]+)/s", loop_line).group(1))
ahc = float(re.search(r"([\d.]+)/s", ahc_line).group(1))
p50, p99 = re.search(r"p50 ([\d.]+) ms p99 ([\d.]+) ms", herald_line).groups()
cpu = re.search(r"cpu (\d+) us", herald_line).group(1)
print(f"database: {db.split('://')[0]}, concurrency {conc}")
print(f"Herald end to end (enqueue -> outbox -> worker -> sink) {herald:10.0f} deliveries/s  (wrk load, {cpu} us Herald CPU each)")
print(f"  same, AsyncHTTPClient load generator                  {ahc:10.0f} deliveries/s  ({ahc / apprise:.1f}x Apprise, {ahc / loop:.2f}x loop)")
print(f"plain AsyncHTTPClient loop to the sink                  {loop:10.0f} requests/s")
print(f"Apprise json:// to the sink                             {apprise:10.0f} notifications/s")
print(f"ceiling: stateless relay (Hummingbird in -> 202 -> AsyncHTTPClient out, nothing stored)")
print(f"                                                        {relay:10.0f} deliveries/s  ({relay_cpu} us relay CPU each; "
      f"{relay / apprise:.1f}x Apprise, {relay / loop:.2f}x loop; Herald reaches {herald / relay:.0%} of it)")
print(f"ratio Herald / Apprise      {herald / apprise:8.1f}x   (target >= 20x)")
print(f"ratio Herald / plain loop   {herald / loop:8.2f}x   (target >= 0.6x)")
print(f"enqueue latency p50 {p50} ms, p99 {p99} ms")
PY
