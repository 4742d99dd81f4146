#!/usr/bin/env bash
# SMTP benchmark: BENCH_COUNT copies of one small text email (Herald's own MIME document, `herald-bench smtp-message`)
# into the same loopback SMTP sink (`herald-bench smtp-sink`: SwiftNIO, PIPELINING/8BITMIME/SIZE, reads DATA to the
# lone "." and counts; its CPU time per message is printed to show it is not the bottleneck), BENCH_CONCURRENCY
# senders at a time:
#   (a) pooled: Herald's SMTP adapter as the engine uses it, one `nodemailer` integration's session shared by every
#       sender (its pool: at most 4 connections, reused after RSET, MAIL+RCPT pipelined; MIME built per message),
#   (b) per message: Herald's SMTP client with a new connection for each message (connect, EHLO, MAIL, RCPT, DATA, QUIT),
#   (c) plain client: Python's smtplib, one persistent connection per worker thread, sendmail() in a loop.
# Prints messages/s of each and the ratios pooled / per-message and pooled / smtplib; every run must leave exactly
# BENCH_COUNT more messages in the sink.
# Usage: scripts/bench/smtp.sh; BENCH_COUNT (default 10000), BENCH_CONCURRENCY (default 8). Release build in
# .build-release (built on first use) unless BENCH_BIN points at a herald-bench binary.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
COUNT="${BENCH_COUNT:-10000}"
CONCURRENCY="${BENCH_CONCURRENCY:-8}"
if [[ -z "${BENCH_BIN:-}" ]]; then
  swift build -c release --scratch-path .build-release --product herald-bench >&2
  BENCH_BIN="$PWD/.build-release/release/herald-bench"
fi

source scripts/lib/bench.sh
dir="$(mktemp -d /tmp/herald-sbench.XXXXXX)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"' EXIT
smtp_port="$(free_port)"; count_port="$(free_port)"
"$BENCH_BIN" smtp-sink --port "$smtp_port" --count-port "$count_port" & pids+=($!)
sink_pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$count_port/count" >/dev/null 2>&1 && break; sleep 0.1; done
"$BENCH_BIN" smtp-message >"$dir/message.eml"

cat >"$dir/smtplib_bench.py" <<'PY'
import concurrent.futures, itertools, smtplib, sys, time
port, count, workers, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
message = open(path, "rb").read()
turns = itertools.count()  # next() is atomic under the GIL
def worker():
    with smtplib.SMTP("127.0.0.1", port, local_hostname="localhost") as client:
        while next(turns) < count:
            if client.sendmail("bench@herald.local", ["sink@herald.local"], message):
                raise SystemExit("the sink refused a recipient")
start = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(workers) as pool:
    for future in [pool.submit(worker) for _ in range(workers)]: future.result()
seconds = time.perf_counter() - start
print(f"smtplib {count} in {seconds:.3f} s: {count / seconds:.0f}/s")
PY

sink_count() { curl -fsS "http://127.0.0.1:$count_port/count"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# counted COMMAND…: runs a client, checks the sink got COUNT more messages, prints its line and the sink's CPU time
# per message ("… sink N us").
counted() {
  local before cpu_before line after cpu_after
  before="$(sink_count)"; cpu_before="$(cpu_ticks "$sink_pid")"
  line="$("$@")"
  after="$(sink_count)"; cpu_after="$(cpu_ticks "$sink_pid")"
  if (( after - before != COUNT )); then echo "expected $COUNT messages in the sink, got $((after - before)): $line" >&2; exit 1; fi
  echo "$line sink $(( (cpu_after - cpu_before) * 10000000 / COUNT / 1000 )) us"
}
bench() { "$BENCH_BIN" smtp --port "$smtp_port" --count "$COUNT" --concurrency "$CONCURRENCY" --client "$1"; }
"$BENCH_BIN" smtp --port "$smtp_port" --count 200 --concurrency "$CONCURRENCY" --client pooled >/dev/null  # warm-up
pooled_line="$(counted bench pooled)"
per_message_line="$(counted bench per-message)"
smtplib_line="$(counted python3 "$dir/smtplib_bench.py" "$smtp_port" "$COUNT" "$CONCURRENCY" "$dir/message.eml")"

python3 - "$pooled_line" "$per_message_line" "$smtplib_line" "$CONCURRENCY" "$(wc -c <"$dir/message.eml")" <<'PY'
import re, sys
def parse(line):
    rate = float(re.search(r"([\d.]+)/s", line).group(1))
    return rate, re.search(r"sink (\d+) us", line).group(1)
(pooled, pooled_sink), (per_message, per_message_sink), (plain, plain_sink) = map(parse, sys.argv[1:4])
print(f"SMTP to a loopback SwiftNIO sink, concurrency {sys.argv[4]}, one {sys.argv[5]}-byte text email")
print(f"Herald SMTP adapter, pooled (cap 4, RSET reuse)  {pooled:10.0f} messages/s  (sink {pooled_sink} us CPU each)")
print(f"Herald SMTPConnection, one per message           {per_message:10.0f} messages/s  (sink {per_message_sink} us CPU each)")
print(f"Python smtplib, one connection per thread        {plain:10.0f} messages/s  (sink {plain_sink} us CPU each)")
print(f"ratio pooled / per message  {pooled / per_message:8.2f}x")
print(f"ratio pooled / smtplib      {pooled / plain:8.2f}x")
PY
