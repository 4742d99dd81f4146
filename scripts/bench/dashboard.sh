#!/usr/bin/env bash
# Dashboard page times on a laptop-sized dataset: 200 integrations (email, SMS and chat, some with conditions) and
# 10,000 deliveries, all created through the API; deliveries go through a chat-webhook to herald-bench's loopback sink
# (most are sent, some fail: their webhook path does not exist on the sink). Then signs in to the dashboard with
# curl and times every page BENCH_REPEAT times (curl's time_total), printing each page's best, median and worst and
# the slowest request overall. Target: no request over 100 ms.
# Usage: scripts/bench/dashboard.sh [--database URL]; BENCH_INTEGRATIONS (default 200), BENCH_DELIVERIES (default
# 10000), BENCH_FAILED (of those, default 300), BENCH_REPEAT (default 5).
# Uses a release build in .build-release (built on first use) unless HERALD_BIN points at a binary (herald-bench is
# then taken from the same directory, or BENCH_BIN).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DATABASE=""
[[ "${1:-}" == "--database" ]] && DATABASE="${2:-}"
INTEGRATIONS="${BENCH_INTEGRATIONS:-200}"
DELIVERIES="${BENCH_DELIVERIES:-10000}"
FAILED="${BENCH_FAILED:-300}"
REPEAT="${BENCH_REPEAT:-5}"
source scripts/lib/bench.sh
herald_binaries

dir="$(mktemp -d /tmp/herald-dashbench.XXXXXX)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"' EXIT
sink_port="$(free_port)"; "$BENCH_BIN" sink --port "$sink_port" & pids+=($!)
sink="http://127.0.0.1:$sink_port/hook"
export HERALD_ENCRYPTION_KEY="${HERALD_ENCRYPTION_KEY:-$(head -c 32 /dev/urandom | base64)}" HERALD_LOG_LEVEL=warning
db="${DATABASE:-sqlite://$dir/herald.sqlite}"
(cd "$dir" && "$HERALD_BIN" init --json --database "$db" >"$dir/init.json")
read -r key admin env < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(d["environments"][0]["apiKey"], d["adminToken"], d["environments"][0]["_id"])' "$dir/init.json")
port="$(free_port)"
"$HERALD_BIN" serve --port "$port" --database "$db" --workers 8 >"$dir/server.log" 2>&1 & pids+=($!)
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$url/health" >/dev/null 2>&1 && break; sleep 0.1; done
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$sink_port/count" >/dev/null 2>&1 && break; sleep 0.1; done

# Integrations: the chat-webhook the deliveries go through first, then a mix; every fourth with a condition group.
python3 - "$INTEGRATIONS" >"$dir/integrations.jsonl" <<'PY'
import json, sys
total = int(sys.argv[1])
print(json.dumps({"providerId": "chat-webhook", "channel": "chat", "name": "Bench hook", "identifier": "bench-hook",
                  "active": True, "credentials": {"secretKey": "bench-secret"}}))
for i in range(1, total):
    kind = i % 4
    if kind in (0, 1):
        body = {"providerId": "postmark", "channel": "email", "credentials": {"apiKey": "pm-%d" % i, "from": "a@example.com", "senderName": "Bench"}}
    elif kind == 2:
        body = {"providerId": "twilio", "channel": "sms", "credentials": {"accountSid": "AC%d" % i, "token": "t-%d" % i, "from": "+15555550100"}}
    else:
        body = {"providerId": "chat-webhook", "channel": "chat", "credentials": {"secretKey": "s-%d" % i}}
    body.update({"name": "Bench %d" % i, "identifier": "bench-%d" % i, "active": i % 3 != 0})
    if i % 4 == 1:
        body["conditions"] = [{"isNegated": False, "value": "AND", "children": [
            {"on": "tenant", "field": "identifier", "operator": "IN", "value": ["t%d" % i, "acme"]}]}]
    print(json.dumps(body))
PY
started="$(date +%s.%N)"
xargs -d '\n' -P 4 -I{} curl -fsS -o /dev/null -X POST "$url/v1/integrations" -H "Authorization: ApiKey $key" \
  -H 'Content-Type: application/json' -d {} <"$dir/integrations.jsonl"
count="$(curl -fsS "$url/v1/integrations" -H "Authorization: ApiKey $key" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))')"
[[ "$count" == "$INTEGRATIONS" ]] || { echo "expected $INTEGRATIONS integrations, got $count" >&2; exit 1; }
hook="$(curl -fsS "$url/v1/integrations" -H "Authorization: ApiKey $key" | python3 -c '
import json,sys; print(next(i["_id"] for i in json.load(sys.stdin)["data"] if i["identifier"] == "bench-hook"))')"

# Deliveries: most through herald-bench (it waits until the sink has them all), some to a path the sink lacks.
"$BENCH_BIN" enqueue --url "$url" --key "$key" --sink "$sink" --count "$((DELIVERIES - FAILED))" --concurrency 8 >/dev/null
body="{\"channel\":\"chat\",\"to\":{\"webhookUrl\":\"http://127.0.0.1:$sink_port/missing\"},\"content\":{\"content\":\"to fail\"},\"integrationIdentifier\":\"bench-hook\"}"
seq "$FAILED" | xargs -P 8 -I{} curl -fsS -o /dev/null -X POST "$url/v1/deliveries" -H "Authorization: ApiKey $key" \
  -H 'Content-Type: application/json' -d "$body"
python3 - "$url" "$key" "$DELIVERIES" <<'PY'
import json, sys, time, urllib.request
url, key, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
def pending():
    n = 0
    for status in ("queued", "sending", "retrying"):
        request = urllib.request.Request(url + "/v1/deliveries?status=%s&limit=100" % status, headers={"Authorization": "ApiKey " + key})
        n += len(json.load(urllib.request.urlopen(request))["data"])
    return n
for _ in range(600):
    if pending() == 0: break
    time.sleep(0.1)
PY
python3 -c 'import sys, time; print("seeded %s integrations and %s deliveries in %.1f s" % (sys.argv[1], sys.argv[2], time.time() - float(sys.argv[3])))' \
  "$INTEGRATIONS" "$DELIVERIES" "$started"

# Sign in like a browser: the sign-in form's nonce cookie and CSRF field, then the session cookie.
jar="$dir/cookies"
csrf="$(curl -fsS -c "$jar" "$url/dashboard/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)"
curl -fsS -o /dev/null -b "$jar" -c "$jar" -X POST "$url/dashboard/login" --data-urlencode "csrf=$csrf" --data-urlencode "token=$admin"
grep -q herald_session "$jar" || { echo "dashboard sign-in failed" >&2; exit 1; }
page="$(curl -fsS -b "$jar" "$url/dashboard/integrations")"
[[ "$page" == *"Bench hook"* ]] || { echo "the integrations page does not list the integrations" >&2; exit 1; }
curl -fsS -b "$jar" "$url/dashboard/deliveries?env=$env" | sed -n 's/.*<desc id="chart-desc">\([^<]*\)<.*/chart: \1/p'
delivery="$(curl -fsS "$url/v1/deliveries?status=sent&limit=1" -H "Authorization: ApiKey $key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["_id"])')"
failed="$(curl -fsS "$url/v1/deliveries?status=failed&limit=1" -H "Authorization: ApiKey $key" | python3 -c '
import json,sys; d=json.load(sys.stdin)["data"]; print(d[0]["_id"] if d else "")')"
other="$(curl -fsS "$url/v1/integrations" -H "Authorization: ApiKey $key" | python3 -c '
import json,sys; print([i["_id"] for i in json.load(sys.stdin)["data"] if i["identifier"] == "bench-1"][0])')"

pages=(
  "/dashboard/integrations"
  "/dashboard/integrations?env=$env"
  "/dashboard/catalogue?env=$env"
  "/dashboard/catalogue?env=$env&q=mail"
  "/dashboard/integrations/new?env=$env&provider=sendgrid"
  "/dashboard/integrations/$hook"
  "/dashboard/integrations/$other"
  "/dashboard/integrations/$hook/delete"
  "/dashboard/deliveries?env=$env"
  "/dashboard/deliveries?env=$env&page=100"
  "/dashboard/deliveries?env=$env&page=199"
  "/dashboard/deliveries?env=$env&status=failed"
  "/dashboard/deliveries?env=$env&status=sent&channel=chat&page=50"
  "/dashboard/deliveries/$delivery?env=$env"
  "/dashboard/static/dashboard.css"
  "/dashboard/static/dashboard.js"
  "/dashboard/login"
)
[[ -n "$failed" ]] && pages+=("/dashboard/deliveries/$failed?env=$env")
for path in "${pages[@]}"; do curl -fsS -o /dev/null -b "$jar" "$url$path"; done  # warm-up
: >"$dir/times"
for path in "${pages[@]}"; do
  for _ in $(seq 1 "$REPEAT"); do
    out="$(curl -sS -o "$dir/body" -b "$jar" -w '%{http_code} %{time_total} %{size_download}' "$url$path")"
    read -r code seconds bytes <<<"$out"
    [[ "$code" == 200 ]] || { echo "$path answered $code" >&2; exit 1; }
    echo "$path $seconds $bytes" >>"$dir/times"
  done
done
python3 - "$dir/times" "$db" "$HERALD_BIN" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    path, seconds, size = line.split()
    rows.setdefault(path, []).append((float(seconds) * 1000, int(size)))
print("database: %s, binary: %s" % (sys.argv[2].split("://")[0], sys.argv[3]))
print("%-70s %8s %8s %8s %8s" % ("page", "best ms", "median", "worst", "KB"))
for path, times in rows.items():
    ms = [t for t, _ in times]
    short = path if len(path) <= 70 else path[:67] + "..."
    print("%-70s %8.1f %8.1f %8.1f %8.0f" % (short, min(ms), statistics.median(ms), max(ms), times[0][1] / 1024))
worst = max(((t, p) for p, times in rows.items() for t, _ in times))
print("slowest request: %.1f ms %s (%s)" % (worst[0], worst[1], "under 100 ms" if worst[0] < 100 else "OVER 100 ms"))
PY
