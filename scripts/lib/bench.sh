# Shared by the benchmark scripts (sourced from the repository root).

# herald_binaries: HERALD_BIN and BENCH_BIN, from a release build in .build-release unless HERALD_BIN is set
# (herald-bench is then taken from the same directory, or BENCH_BIN).
herald_binaries() {
  if [[ -z "${HERALD_BIN:-}" ]]; then
    swift build -c release --scratch-path .build-release --product herald >&2
    swift build -c release --scratch-path .build-release --product herald-bench >&2
    HERALD_BIN="$PWD/.build-release/release/herald"; BENCH_BIN="$PWD/.build-release/release/herald-bench"
  fi
  BENCH_BIN="${BENCH_BIN:-$(dirname "$HERALD_BIN")/herald-bench}"
}

# free_port: a TCP port free on 127.0.0.1 now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
