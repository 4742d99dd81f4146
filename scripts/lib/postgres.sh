# Throwaway PostgreSQL for tests: source this file, call pg_start, and pg_stop runs on exit.
# Installs Debian's postgresql when initdb is missing; listens on 127.0.0.1 on a free port; trust auth on loopback.
# Exports HERALD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres and PG_PORT, PG_BIN.

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
    echo "postgres: installing postgresql (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  PG_DATA="$(mktemp -d /tmp/herald-pgdata.XXXXXX)"
  chown postgres:postgres "$PG_DATA"; chmod 700 "$PG_DATA"
  PG_PORT="$(pg_free_port)"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  export PG_PORT PG_BIN PG_DATA
  export HERALD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "postgres: started on 127.0.0.1:$PG_PORT ($PG_DATA)" >&2
}

pg_stop() {
  if [[ -n "${PG_DATA:-}" && -d "$PG_DATA" ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DATA"
    echo "postgres: stopped" >&2
  fi
}

pg_createdb() {
  runuser -u postgres -- "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $1;"
}
