# moto's server (PyPI moto[server]) for the SES and SNS adapter tests: source this file, call moto_start, and
# moto_stop runs on exit. Installs moto and boto3 into .build-venv/moto, listens on 127.0.0.1 on a free port, creates
# an IAM key and an SES identity, then turns moto's IAM authentication on so Signature V4 is verified.
# Exports HERALD_TEST_MOTO_URL, HERALD_TEST_AWS_KEY_ID and HERALD_TEST_AWS_SECRET.

MOTO_VENV="${MOTO_VENV:-$PWD/.build-venv/moto}"

moto_start() {
  if ! "$MOTO_VENV/bin/python" -c 'import moto, boto3, flask' 2>/dev/null; then
    echo "moto: installing moto[server]==5.2.5 boto3==1.44.8 into $MOTO_VENV" >&2
    python3 -m venv "$MOTO_VENV"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$MOTO_VENV/bin/pip" install --quiet "moto[server]==5.2.5" "boto3==1.44.8"
  fi
  local port; port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  MOTO_LOG="$(mktemp /tmp/herald-moto.XXXXXX)"
  "$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$MOTO_LOG" 2>&1 &
  MOTO_PID=$!
  local url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -fsS "$url/moto-api/data.json" >/dev/null 2>&1 && break; sleep 0.2; done
  local keys; keys="$("$MOTO_VENV/bin/python" scripts/moto_setup.py "$url")" || { cat "$MOTO_LOG" >&2; return 1; }
  export HERALD_TEST_MOTO_URL="$url"
  HERALD_TEST_AWS_KEY_ID="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["keyId"])' "$keys")"
  HERALD_TEST_AWS_SECRET="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["secret"])' "$keys")"
  export HERALD_TEST_AWS_KEY_ID HERALD_TEST_AWS_SECRET MOTO_PID
  echo "moto: started on $url with IAM authentication on" >&2
}

moto_stop() {
  if [[ -n "${MOTO_PID:-}" ]]; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
    rm -f "${MOTO_LOG:-}"
    MOTO_PID=""
    echo "moto: stopped" >&2
  fi
}
