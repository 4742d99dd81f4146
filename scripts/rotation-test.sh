#!/usr/bin/env bash
# Key rotation while serving: `herald keys rotate-encryption` runs while a client keeps reading and writing
# integrations through a live server; afterwards every credential still decrypts, the key file holds only the
# new key, and the database holds no plaintext secret. Usage: scripts/rotation-test.sh path/to/herald
set -euo pipefail
HERALD="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
dir="$(mktemp -d /tmp/herald-rotate.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
db="sqlite://$dir/herald.sqlite"
(cd "$dir" && "$HERALD" init --json --database "$db" >"$dir/init.json")
(cd "$dir" && exec "$HERALD" serve --port "$port" --database "$db" >"$dir/server.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
old_key="$(cat "$dir/herald.key")"
python3 - "$dir" "$port" "$HERALD" "$db" <<'PY'
import json, subprocess, sys, threading, urllib.request
directory, port, herald, db = sys.argv[1:5]
init = json.load(open(f"{directory}/init.json"))
admin = {"Authorization": "Bearer " + init["adminToken"], "Content-Type": "application/json"}
env = init["environments"][0]["_id"]
base = f"http://127.0.0.1:{port}"

def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, headers=admin,
                                 data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)

def create(i):
    return call("POST", "/v1/integrations", {"providerId": "postmark", "channel": "email", "active": False,
        "_environmentId": env, "credentials": {"apiKey": f"rotation-secret-{i}", "from": "a@b.c", "senderName": "A"}})

for i in range(300):
    create(i)
errors, made = [], [300]
stop = threading.Event()
def traffic():
    while not stop.is_set():
        try:
            items = call("GET", f"/v1/integrations?environmentId={env}")["data"]
            bad = [x for x in items if not x["credentials"].get("apiKey", "").startswith("rotation-secret-")]
            if bad: errors.append(f"{len(bad)} integrations did not decrypt during rotation")
            create(made[0]); made[0] += 1
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))
worker = threading.Thread(target=traffic); worker.start()
result = subprocess.run([herald, "keys", "rotate-encryption", "--database", db], cwd=directory,
                        capture_output=True, text=True, timeout=120)
stop.set(); worker.join()
print(result.stdout.strip())
if result.returncode != 0: errors.append("rotate-encryption failed: " + result.stderr[-500:])
items = call("GET", f"/v1/integrations?environmentId={env}")["data"]
secrets = sorted(x["credentials"]["apiKey"] for x in items)
if len(secrets) != made[0] or any(not s.startswith("rotation-secret-") for s in secrets):
    errors.append(f"after rotation: {len(secrets)} integrations readable of {made[0]}")
print(f"rotation: {made[0]} integrations, {len(errors)} errors")
if errors:
    print("\n".join(errors[:10])); sys.exit(1)
PY
new_key="$(cat "$dir/herald.key")"
[[ "$(wc -l <"$dir/herald.key")" -eq 1 && "$new_key" != "$old_key" ]] || { echo "key file was not rotated" >&2; exit 1; }
[[ "$(stat -c %a "$dir/herald.key")" == "600" ]] || { echo "key file is not 0600" >&2; exit 1; }
if grep -a -q "rotation-secret-" "$dir"/herald.sqlite* "$dir/server.log"; then echo "plaintext secret found" >&2; exit 1; fi
echo "rotation test passed"
