#!/usr/bin/env bash
# Runs the API and delivery benchmarks on SQLite and on a throwaway PostgreSQL in the same run and prints the
# figures side by side, then the SMTP benchmark (no database). Release build in .build-release (slow the first time).
# Not part of the test command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/lib/postgres.sh
swift build -c release --scratch-path .build-release --product herald >&2
swift build -c release --scratch-path .build-release --product herald-bench >&2
export HERALD_BIN="$PWD/.build-release/release/herald" BENCH_BIN="$PWD/.build-release/release/herald-bench"
trap pg_stop EXIT
pg_start
pg_createdb bench_api
echo "== API, SQLite";      scripts/bench/api.sh 2>&1 | grep -v " info "
echo "== API, PostgreSQL";  scripts/bench/api.sh --database "postgres://postgres@127.0.0.1:$PG_PORT/bench_api" 2>&1 | grep -v " info "
for concurrency in 8 32; do
  echo "== Deliveries, SQLite, concurrency $concurrency"
  BENCH_CONCURRENCY=$concurrency scripts/bench/delivery.sh 2>&1 | grep -v " info "
  echo "== Deliveries, PostgreSQL, concurrency $concurrency"
  pg_createdb "bench_delivery_$concurrency"
  BENCH_CONCURRENCY=$concurrency scripts/bench/delivery.sh \
    --database "postgres://postgres@127.0.0.1:$PG_PORT/bench_delivery_$concurrency" 2>&1 | grep -v " info "
done
echo "== SMTP, concurrency 8"
BENCH_CONCURRENCY=8 scripts/bench/smtp.sh
