#!/usr/bin/env python3
"""Delivery durability checks against real `herald serve` processes and a loopback sink (stdlib only).

  crash:  one instance, N deliveries, kill -9 mid-way, restart: every delivery reaches the sink.
  multi:  two instances on one database, N deliveries enqueued through both: each delivered exactly once; then a
          second batch with one instance killed (kill -9) mid-way: nothing lost.
  primary: two instances on one database hammered with concurrent set-primary and create calls: exactly one
          primary and priorities N..1 afterwards.

Prints `delivered / duplicates / lost` per phase and a closing `N passed, M failed` line; exits 1 on any loss
(or, in the clean multi-instance phase, any duplicate).
"""
import argparse, json, os, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Sink:
    """Records the Idempotency-Key (the delivery id) of every webhook it receives."""
    def __init__(self, delay):
        self.lock = threading.Lock(); self.keys = []; self.delay = delay
        sink = self
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0")); self.rfile.read(length)
                if sink.delay: time.sleep(sink.delay)
                with sink.lock: sink.keys.append(self.headers.get("Idempotency-Key"))
                body = b'{"id":"ok"}'
                self.send_response(200); self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
            def log_message(self, *args): pass
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None  # a killed client resets connections; that is expected
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def count(self):
        with self.lock: return len(self.keys)

    def snapshot(self):
        with self.lock: return list(self.keys)


class Herald:
    def __init__(self, binary, workdir, database, env):
        self.binary, self.workdir, self.database, self.env = binary, workdir, database, env
        self.port = free_port(); self.proc = None; self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        log = open(os.path.join(self.workdir, f"server-{self.port}.log"), "ab")
        self.proc = subprocess.Popen([self.binary, "serve", "--port", str(self.port), "--database", self.database,
                                      "--lease-seconds", "3"], cwd=self.workdir, env=self.env, stdout=log, stderr=log)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url + "/health", timeout=1).read(); return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("herald did not start")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL); self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try: self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired: self.proc.kill()


def call(url, key, method="GET", body=None, idempotency_key=None):
    headers = {"Authorization": "ApiKey " + key, "Content-Type": "application/json"}
    if idempotency_key: headers["Idempotency-Key"] = idempotency_key
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers=headers)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def enqueue(urls, key, sink_url, count, batch, threads=8):
    """Enqueues through the instances in turn; when one is down, the same request (same Idempotency-Key) goes to
    the next, so a request the dead instance committed is not enqueued twice."""
    ids, lock, errors = [], threading.Lock(), []
    def work(offset):
        for i in range(offset, count, threads):
            body = {"channel": "chat", "to": {"webhookUrl": sink_url}, "content": {"content": f"message {i}"}}
            last = None
            for attempt in range(len(urls) * 40):
                url = urls[(i + attempt) % len(urls)]
                try:
                    d = call(url + "/v1/deliveries", key, "POST", body, idempotency_key=f"{batch}-{i}")
                    with lock: ids.append(d["data"]["_id"])
                    break
                except Exception as e:  # noqa: BLE001
                    last = e; time.sleep(0.1)
            else:
                with lock: errors.append(repr(last))
    ts = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    [t.start() for t in ts]; [t.join() for t in ts]
    return ids, errors


def wait_all(sink, ids, timeout):
    deadline = time.time() + timeout
    wanted = set(ids)
    while time.time() < deadline:
        if wanted <= set(sink.snapshot()): return True
        time.sleep(0.2)
    return False


def report(name, sink, ids, before=0):
    keys = sink.snapshot()[before:]
    wanted = set(ids)
    got = [k for k in keys if k in wanted]
    delivered = len(set(got)); duplicates = len(got) - delivered; lost = len(wanted - set(got))
    strangers = len([k for k in keys if k not in wanted])
    print(f"{name}: delivered {delivered} / duplicates {duplicates} / lost {lost}"
          + (f" / unknown keys {strangers}" if strangers else ""), flush=True)
    return delivered, duplicates, lost


def primary_race(urls, key, count=12, calls=60):
    def create(i):
        return call(urls[i % len(urls)] + "/v1/integrations", key, "POST", {
            "providerId": "postmark", "channel": "email", "active": True,
            "credentials": {"apiKey": f"race-{i}", "from": "a@b.c", "senderName": "A"}})["data"]["_id"]
    ids = [create(i) for i in range(count)]
    errors = []
    def hammer(t):
        for j in range(t, calls, 8):
            try:
                if j % 3 == 2: create(count + j)
                else: call(urls[j % len(urls)] + f"/v1/integrations/{ids[(j * 7) % count]}/set-primary", key, "POST")
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))
    ts = [threading.Thread(target=hammer, args=(t,)) for t in range(8)]
    [t.start() for t in ts]; [t.join() for t in ts]
    items = [x for x in call(urls[0] + "/v1/integrations", key)["data"] if x["channel"] == "email"]
    primaries = [x for x in items if x["primary"]]
    active = sorted(x["priority"] for x in items if x["active"])
    dense = active == list(range(1, len(active) + 1))
    top = primaries and primaries[0]["priority"] == len(active)
    print(f"primary race: {len(items)} integrations, {len(primaries)} primary, priorities dense: {dense}, "
          f"errors: {len(errors)}", flush=True)
    if errors: print(errors[:3])
    return len(primaries) == 1 and dense and bool(top) and not errors


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["crash", "multi", "primary"])
    ap.add_argument("--herald", required=True)
    ap.add_argument("--database", help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--sink-delay", type=float, default=0.01)
    args = ap.parse_args()
    workdir = tempfile.mkdtemp(prefix="herald-delivery-")
    database = args.database or f"sqlite://{workdir}/herald.sqlite"
    env = dict(os.environ); env.setdefault("HERALD_ENCRYPTION_KEY", __import__("base64").b64encode(os.urandom(32)).decode())
    env["HERALD_LOG_LEVEL"] = "warning"
    init = json.loads(subprocess.check_output([args.herald, "init", "--json", "--database", database], cwd=workdir, env=env))
    key = init["environments"][0]["apiKey"]
    sink = Sink(args.sink_delay)
    passed = failed = 0
    servers = [Herald(args.herald, workdir, database, env) for _ in range(1 if args.mode == "crash" else 2)]
    try:
        for s in servers: s.start()
        call(servers[0].url + "/v1/integrations", key, "POST", {"providerId": "chat-webhook", "channel": "chat", "active": True,
                                                                  "credentials": {"secretKey": "sink-secret"}})
        urls = [s.url for s in servers]
        if args.mode == "primary":
            ok = primary_race(urls, key)
            print(f"delivery check (primary): {1 if ok else 0} passed, {0 if ok else 1} failed")
            sys.exit(0 if ok else 1)
        if args.mode == "multi":
            ids, errors = enqueue(urls, key, sink.url, args.count, "clean")
            ok = not errors and wait_all(sink, ids, 120)
            d, dup, lost = report("two instances", sink, ids)
            if ok and lost == 0 and dup == 0: passed += 1
            else: failed += 1; print("errors:", errors[:3])
        before = sink.count()
        result = {}
        enqueuer = threading.Thread(target=lambda: result.update(zip(("ids", "errors"), enqueue(urls, key, sink.url, args.count, "kill"))))
        enqueuer.start()
        target = before + args.count // 3
        deadline = time.time() + 60
        while sink.count() < target and time.time() < deadline: time.sleep(0.01)
        victim = servers[-1]
        victim.kill9()
        print(f"killed -9 an instance after {sink.count() - before} of {args.count} deliveries", flush=True)
        if args.mode == "crash": victim.start()
        enqueuer.join()
        ids, errors = result["ids"], result["errors"]
        ok = not errors and wait_all(sink, ids, 120)
        d, dup, lost = report("after kill -9", sink, ids, before)
        if ok and lost == 0: passed += 1
        else: failed += 1; print("errors:", errors[:3])
        statuses = {}
        for i in ids[:50]:
            st = call(servers[0].url + f"/v1/deliveries/{i}", key)["data"]["status"]
            statuses[st] = statuses.get(st, 0) + 1
        print("statuses of a sample:", statuses, flush=True)
    finally:
        for s in servers: s.stop()
        sink.server.shutdown()
    print(f"delivery check ({args.mode}): {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
