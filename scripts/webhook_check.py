#!/usr/bin/env python3
"""Herald's signed customer webhooks, verified with the Standard Webhooks reference library (`standardwebhooks`).

Starts a `herald serve` on a fresh SQLite database and a small HTTP receiver in this process; creates a chat-webhook
integration and a webhook endpoint pointing at the receiver; sends a delivery. The receiver answers the first
`delivery.sent` message with a 500 and the retry (5 s later, Herald's first backoff step) with a 200. Both requests
must verify with `standardwebhooks.Webhook(secret).verify`, carry the same `webhook-id`, and fail verification when
the body is tampered with or the secret is wrong; the endpoint's attempt log must list both attempts.

    webhook_check.py --herald .build/debug/herald      (needs standardwebhooks: scripts/test installs it)
"""

import argparse
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Receiver(http.server.ThreadingHTTPServer):
    """Records every request; `/hook` answers 500 the first time and 200 afterwards, `/chat` answers a chat id."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Condition(); self.requests = []

    def wait_for(self, path, count, timeout=25):
        deadline = time.time() + timeout
        with self.lock:
            while len([r for r in self.requests if r["path"] == path]) < count:
                left = deadline - time.time()
                if left <= 0: raise AssertionError(f"{count} requests to {path} did not arrive")
                self.lock.wait(left)
            return [r for r in self.requests if r["path"] == path]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.requests.append({"path": path, "headers": dict(self.headers.items()), "body": body})
            hooks = len([r for r in self.server.requests if r["path"] == "/hook"])
            self.server.lock.notify_all()
        if path == "/chat":
            self.reply(200, b'{"id":"chat-1"}')
        elif path == "/hook":
            self.reply(500 if hooks == 1 else 200, b'{"error":"try again"}' if hooks == 1 else b"{}")
        else:
            self.reply(404, b"{}")

    def reply(self, status, body):
        self.send_response(status); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--herald", required=True)
    args = parser.parse_args()
    args.herald = os.path.abspath(args.herald)
    work = tempfile.mkdtemp(prefix="herald-webhooks.")
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{receiver.server_address[1]}"
    db = f"sqlite://{work}/herald.sqlite"
    out = subprocess.run([args.herald, "init", "--json", "--database", db], cwd=work, capture_output=True, check=True)
    key = json.loads(out.stdout)["environments"][0]["apiKey"]
    port = free_port(); url = f"http://127.0.0.1:{port}"
    log = open(os.path.join(work, "server.log"), "wb")
    proc = subprocess.Popen([args.herald, "serve", "--port", str(port), "--database", db], cwd=work, stdout=log, stderr=log)

    def call(method, path, body=None):
        request = urllib.request.Request(url + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": "ApiKey " + key, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    ok = True
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/health", timeout=1).read(); break
            except Exception:  # noqa: BLE001
                time.sleep(0.1)
        status, body = call("POST", "/v1/integrations", {
            "providerId": "chat-webhook", "channel": "chat", "credentials": {"secretKey": "chat-secret"}, "active": True})
        assert status == 201, (status, body)
        status, body = call("POST", "/v1/webhook-endpoints", {"url": target + "/hook?token=t", "eventTypes": ["delivery.sent"]})
        assert status == 201, (status, body)
        endpoint, secret = body["data"]["_id"], body["data"]["secret"]
        status, body = call("POST", "/v1/deliveries", {
            "channel": "chat", "to": {"webhookUrl": target + "/chat"}, "content": {"content": "hello"}})
        assert status == 202, (status, body)
        delivery = body["data"]["_id"]

        first, second = receiver.wait_for("/hook", 2)[:2]
        for request in (first, second):
            payload = Webhook(secret).verify(request["body"], request["headers"])
            assert payload["type"] == "delivery.sent", payload
            assert payload["data"]["deliveryId"] == delivery and payload["data"]["messageId"] == "chat-1", payload
            for bad_body, bad_secret in ((request["body"] + b" ", secret), (request["body"], "whsec_" + "A" * 32)):
                try:
                    Webhook(bad_secret).verify(bad_body, request["headers"])
                    raise AssertionError("a tampered message verified")
                except WebhookVerificationError:
                    pass
        assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"], "the retry keeps its webhook-id"
        assert int(second["headers"]["webhook-timestamp"]) - int(first["headers"]["webhook-timestamp"]) >= 4, "backoff"
        print(f"  ok: 2 signed deliveries verified by standardwebhooks ({first['headers']['webhook-id']}), retried after 500")

        deadline = time.time() + 10
        while True:
            status, body = call("GET", f"/v1/webhook-endpoints/{endpoint}/attempts")
            if body.get("totalCount") == 2 or time.time() > deadline: break
            time.sleep(0.1)
        assert [a["statusCode"] for a in body["data"]] == [200, 500], body
        print("  ok: the attempt log lists the 500 and the 200")
        with open(os.path.join(work, "server.log"), "rb") as server_log:
            assert secret.encode() not in server_log.read(), "the secret appears in the server log"
    except Exception as error:  # noqa: BLE001
        ok = False
        print(f"  FAILED: {error!r}", file=sys.stderr)
    finally:
        proc.terminate()
        try: proc.wait(timeout=20)
        except subprocess.TimeoutExpired: proc.kill()
        receiver.shutdown()
        if not ok:
            sys.stderr.write(open(os.path.join(work, "server.log"), errors="replace").read()[-3000:])
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
