#!/usr/bin/env python3
"""Sends NUL characters (which PostgreSQL text cannot hold) in every kind of place a request can carry a string:
bodies, path segments, query parameters. Each must be answered with a 4xx, never a 5xx, and the server must live.

Usage: nul_probe.py BASE_URL API_KEY  (run against a server on PostgreSQL; SQLite holds NUL and hides the defect)
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

base, key = sys.argv[1], sys.argv[2]
N = "a\u0000b"
Q = urllib.parse.quote(N)


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Authorization": "ApiKey " + key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()[:160]
    except urllib.error.HTTPError as error:
        return error.code, error.read()[:160]


sendgrid = {"apiKey": "k", "from": "a@acme.test", "senderName": "A"}
setup = [  # integrations the later probes need (must be created)
    ("POST", "/v1/integrations", {"providerId": "novu", "channel": "in_app", "active": True, "check": False, "credentials": {}}),
    ("POST", "/v1/integrations", {"providerId": "sendgrid", "channel": "email", "active": True, "check": False,
                                  "credentials": sendgrid}),
    ("POST", "/v1/subscribers", {"subscriberId": "nul-probe"}),
]
probes = [
    ("POST", "/v1/integrations", {"providerId": "sendgrid", "channel": "email", "name": N, "check": False, "credentials": sendgrid}),
    ("POST", "/v1/integrations", {"providerId": "sendgrid", "channel": "email", "identifier": N, "check": False,
                                  "credentials": sendgrid}),
    ("POST", "/v1/integrations", {"providerId": N, "channel": "email"}),
    ("POST", "/v1/integrations", {"providerId": "sendgrid", "channel": N}),
    ("PUT", "/v1/integrations/" + Q, {"name": "x"}),
    ("DELETE", "/v1/integrations/" + Q, None),
    ("POST", "/v1/integrations/" + Q + "/set-primary", None),
    ("POST", "/v1/integrations/" + Q + "/auto-configure", None),
    ("GET", "/v1/integrations/" + Q + "/history", None),
    ("GET", "/v1/integrations/" + Q + "/health", None),
    ("GET", "/v1/integrations/" + Q + "/limit", None),
    ("GET", "/v1/integrations/webhook/provider/" + Q + "/status", None),
    ("POST", "/v1/integrations/select", {"channel": "email", "tenant": {"identifier": N}, "integrationIdentifier": N}),
    ("POST", "/v1/integrations/select", {"channel": "in_app", "to": {"subscriberId": N}}),
    ("GET", "/v1/deliveries/" + Q, None),
    ("POST", "/v1/deliveries/" + Q + "/retry", None),
    ("GET", "/v1/deliveries?status=" + Q + "&channel=" + Q, None),
    ("POST", "/v1/deliveries", {"channel": "email", "to": {"email": "a@b.test"}, "content": {"subject": N, "text": N},
                                "transactionId": N, "integrationIdentifier": N}),
    ("POST", "/v1/deliveries", {"channel": "in_app", "to": {"subscriberId": N}, "content": {"content": "x"}}),
    ("POST", "/v1/subscribers", {"subscriberId": N}),
    ("POST", "/v1/subscribers", {"subscriberId": "s-nul", "firstName": N, "email": N}),
    ("GET", "/v1/subscribers/" + Q, None),
    ("PUT", "/v1/subscribers/" + Q, {"firstName": "x"}),
    ("DELETE", "/v1/subscribers/" + Q, None),
    ("PUT", "/v1/subscribers/nul-probe/credentials", {"providerId": N, "credentials": {"webhookUrl": "http://127.0.0.1:9/x"}}),
    ("PATCH", "/v1/subscribers/nul-probe/credentials", {"providerId": "slack", "integrationIdentifier": N,
                                                        "credentials": {"channel": N}}),
    ("DELETE", "/v1/subscribers/nul-probe/credentials/" + Q, None),
    ("GET", "/v1/subscribers/" + Q + "/notifications/feed", None),
    ("GET", "/v1/subscribers/" + Q + "/notifications/unseen", None),
    ("POST", "/v1/subscribers/nul-probe/messages/mark-as", {"messageId": N, "markAs": "seen"}),
    ("GET", "/v1/subscribers?email=" + Q, None),
    ("POST", "/v1/webhook-endpoints", {"url": "http://127.0.0.1:9/" + N, "eventTypes": [N]}),
    ("POST", "/v1/webhook-endpoints", {"url": "http://127.0.0.1:9/x", "description": N}),
    ("GET", "/v1/webhook-endpoints/" + Q, None),
    ("GET", "/v1/webhook-endpoints/" + Q + "/attempts", None),
    ("POST", "/v2/inbound-webhooks/delivery-providers/" + Q + "/" + Q, {"a": N}),
]

failures = 0
for method, path, body in setup:
    status, text = call(method, path, body)
    if status >= 300:
        print("setup failed: %s %s -> %d %s" % (method, path, status, text))
        failures += 1
for method, path, body in probes:
    status, text = call(method, path, body)
    # Reads (and the selection dry run, which writes nothing) may answer 200; deleting what is not there may be 204.
    if status >= 500 or status < 400 and method in ("POST", "PUT", "PATCH") and not path.endswith("/select"):
        print("FAIL %d %s %s: %s" % (status, method, path[:70], text))
        failures += 1
status, _ = call("GET", "/health")
if status != 200:
    print("FAIL: /health answered %d after the probes" % status)
    failures += 1
print("nul probe: %d probes, %d failed" % (len(probes), failures))
sys.exit(1 if failures else 0)
