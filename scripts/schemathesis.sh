#!/usr/bin/env bash
# Property-based API test of a running Herald server with schemathesis.
#
# Inputs (environment):
#   HERALD_URL       base URL of the running server, e.g. http://127.0.0.1:8080 (required)
#   HERALD_API_KEY   API key; sent as "Authorization: ApiKey <key>" (required)
#   ST_VENV          venv holding schemathesis (default: <repo>/.build-venv/st; created if missing)
#   ST_SEED          generation seed (default 20240601)
#   ST_MAX_EXAMPLES  max examples per operation in the fuzzing phase (default 100)
#   ST_MIN_CASES     fail if fewer generated cases ran (default 500)
#   ST_CHECKS        comma-separated checks (default below)
#   ST_PHASES        comma-separated phases (default examples,coverage,fuzzing)
#   ST_TIMEOUT       wall-clock limit in seconds for the whole run (default 900)
#   ST_REPORT_JSON   if set, copy schemathesis' JSON run report to this path
#   ST_ALLOW_NONLOCAL=1  allow a HERALD_URL host outside loopback (default: refuse)
#
# Prints a final line "schemathesis: N passed, M failed" and exits non-zero when
# schemathesis reports failures/errors or fewer than ST_MIN_CASES cases ran.
set -euo pipefail

ST_VERSION="4.32.5"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${HERALD_URL:?HERALD_URL must be set (e.g. http://127.0.0.1:8080)}"
: "${HERALD_API_KEY:?HERALD_API_KEY must be set}"
ST_VENV="${ST_VENV:-$REPO_ROOT/.build-venv/st}"
ST_SEED="${ST_SEED:-20240601}"
ST_MAX_EXAMPLES="${ST_MAX_EXAMPLES:-100}"
ST_MIN_CASES="${ST_MIN_CASES:-500}"
ST_CHECKS="${ST_CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,ignored_auth,missing_required_header,unsupported_method}"
ST_PHASES="${ST_PHASES:-examples,coverage,fuzzing}"
ST_TIMEOUT="${ST_TIMEOUT:-900}"
HERALD_URL="${HERALD_URL%/}"

# Only loopback targets unless explicitly allowed.
host="${HERALD_URL#*://}"; host="${host%%/*}"
case "$host" in
  \[*\]*) host="${host%%]*}]" ;;
  *) host="${host%%:*}" ;;
esac
case "$host" in
  localhost|127.*|"[::1]") ;;
  *)
    if [[ "${ST_ALLOW_NONLOCAL:-0}" != "1" ]]; then
      echo "schemathesis.sh: refusing non-loopback HERALD_URL host '$host' (set ST_ALLOW_NONLOCAL=1 to override)" >&2
      exit 2
    fi ;;
esac

# --- install (pinned) -------------------------------------------------------
if ! "$ST_VENV/bin/st" --version 2>/dev/null | grep -qx "st, version $ST_VERSION"; then
  echo "schemathesis.sh: installing schemathesis==$ST_VERSION into $ST_VENV" >&2
  [[ -x "$ST_VENV/bin/python" ]] || python3 -m venv "$ST_VENV"
  constraints="$(mktemp)"
  # Versions resolved together with schemathesis $ST_VERSION on Python 3.11.
  cat > "$constraints" <<'EOF'
anyio==4.16.0
certifi==2026.10.19.post1
charset-normalizer==3.5.3
click==8.5.1
graphql-core==3.3.2
harfile==0.6.0
hypothesis==6.170.17
hypothesis-graphql==0.13.5
idna==3.20
iniconfig==2.3.1
jsonschema_rs==0.60.3
markdown-it-py==4.3.0
MarkupSafe==3.0.4
mdurl==0.1.2
packaging==26.4
pluggy==1.7.0
Pygments==2.21.0
pyrate-limiter==4.5.1
pytest==9.2.0
PyYAML==6.0.4
requests==2.34.2
rich==15.0.0
sortedcontainers==2.4.0
typing_extensions==4.16.0
urllib3==2.8.0
Werkzeug==3.1.9
EOF
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$ST_VENV/bin/pip" install --quiet -c "$constraints" "schemathesis==$ST_VERSION"
  rm -f "$constraints"
fi

# --- run ------------------------------------------------------------------
# Fresh working dir: schemathesis keeps .hypothesis/ and .schemathesis/ (a replay
# cache of past failures) in the cwd, which would make runs depend on history.
work="$(mktemp -d "${TMPDIR:-/tmp}/herald-st.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Warnings that mean the run tested nothing useful (e.g. a wrong API key makes every
# response a documented 401, which would otherwise pass) fail the run.
cat > "$work/schemathesis.toml" <<'EOF'
[cache]
enabled = false

[warnings]
fail-on = ["missing_auth", "base_url_mismatch", "method_not_allowed", "unresolvable_reference"]
EOF
report="$work/report.json"

# Talk to the server directly, never through a proxy; no hook/base-url overrides from the env.
export NO_PROXY='*' no_proxy='*'
unset SCHEMATHESIS_HOOKS SCHEMATHESIS_BASE_URL SCHEMATHESIS_ORIGIN || true

cmd=(
  "$ST_VENV/bin/st" --config-file "$work/schemathesis.toml" --no-color
  run "$HERALD_URL/openapi.json"
  --url "$HERALD_URL"
  -H "Authorization: ApiKey $HERALD_API_KEY"
  --checks "$ST_CHECKS"
  --phases "$ST_PHASES"
  --max-examples "$ST_MAX_EXAMPLES"
  --seed "$ST_SEED"
  --workers 1
  --generation-database none
  --suppress-health-check too_slow
  --wait-for-schema 30
  --request-timeout 10
  --report json --report-json-path "$report"
)
echo "schemathesis.sh: st run $HERALD_URL/openapi.json (seed $ST_SEED, max-examples $ST_MAX_EXAMPLES, checks $ST_CHECKS)" >&2

st_rc=0
(cd "$work" && timeout --kill-after=15 "$ST_TIMEOUT" "${cmd[@]}") || st_rc=$?

# --- count ----------------------------------------------------------------
if [[ -n "${ST_REPORT_JSON:-}" && -s "$report" ]]; then
  cp "$report" "$ST_REPORT_JSON"
fi
if [[ ! -s "$report" ]]; then
  if [[ $st_rc -eq 124 || $st_rc -eq 137 ]]; then
    echo "schemathesis.sh: timed out after ${ST_TIMEOUT}s; no report" >&2
  else
    echo "schemathesis.sh: no JSON report (schemathesis exit code $st_rc)" >&2
  fi
  echo "schemathesis: 0 passed, 0 failed"
  exit $(( st_rc == 0 ? 2 : st_rc ))
fi

counts="$("$ST_VENV/bin/python" - "$report" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
t = d.get("test_cases") or {}
errs = sum(e.get("count", 1) for e in d.get("errors") or [])
w = d.get("warnings") or {}
fail_on = ("missing_auth", "base_url_mismatch", "method_not_allowed", "unresolvable_reference")
warns = sum(len(w.get(k) or []) for k in fail_on)
print(t.get("generated", 0), t.get("with_failures", 0), t.get("errored", 0),
      t.get("without_checks", 0), errs, warns)
EOF
)" || counts=""
if [[ ! "$counts" =~ ^[0-9]+(\ [0-9]+){5}$ ]]; then
  echo "schemathesis.sh: could not parse $report" >&2
  echo "schemathesis: 0 passed, 0 failed"
  exit $(( st_rc == 0 ? 2 : st_rc ))
fi
read -r generated with_failures errored skipped n_errors n_warnings <<< "$counts"
failed=$(( with_failures + errored ))
passed=$(( generated - failed - skipped ))
(( passed < 0 )) && passed=0

rc=0
if (( st_rc != 0 )); then
  echo "schemathesis.sh: schemathesis exit code $st_rc (1 = failures/errors, 2 = config/schema error or nothing tested, 124 = timeout)" >&2
  rc=$st_rc
fi
if (( n_errors > 0 )); then
  echo "schemathesis.sh: $n_errors error(s) reported (see ERRORS above)" >&2
  (( rc == 0 )) && rc=1
fi
if (( n_warnings > 0 )); then
  echo "schemathesis.sh: $n_warnings failing warning(s) (see Warnings above; e.g. wrong API key)" >&2
  (( rc == 0 )) && rc=1
fi
if (( rc != 0 && failed == 0 )); then
  # Run-level problems (errors, failing warnings) are failures even with no failing case.
  failed=$(( n_errors + n_warnings ))
  (( failed == 0 )) && failed=1
fi
if (( failed > 0 )); then
  (( rc == 0 )) && rc=1
fi
if (( generated < ST_MIN_CASES )); then
  echo "schemathesis.sh: only $generated cases generated (< $ST_MIN_CASES); raise ST_MAX_EXAMPLES" >&2
  (( rc == 0 )) && rc=1
fi
(( skipped > 0 )) && echo "schemathesis.sh: $skipped generated cases had no applicable checks (not counted as passed)" >&2

echo "schemathesis: $passed passed, $failed failed"
exit "$rc"
