#!/usr/bin/env python3
"""Drive Herald's /v1/integrations API with the unmodified Novu Python SDK.

Requires the PyPI package ``novu==1.14.0`` (which pulls in ``requests``):

    python3 -m venv /tmp/novu-venv && /tmp/novu-venv/bin/pip install novu==1.14.0
    HERALD_URL=http://127.0.0.1:3000 HERALD_API_KEY=... /tmp/novu-venv/bin/python scripts/sdk_smoke.py

Environment:
    HERALD_URL        base URL, without /v1 (e.g. http://127.0.0.1:3000)
    HERALD_API_KEY    environment API key (sent as ``Authorization: ApiKey <key>``)
    HERALD_SDK_CHECK  "0" to send ``check: false`` on the create/update steps (default: the SDK
                      default, ``check: true``, which calls the real SendGrid and fails offline;
                      the check-* steps always check, against a loopback fake SendGrid)
    HERALD_SDK_KEEP   "1" to skip deleting the integrations this script created

Notes on what the SDK can and cannot do (novu 1.14.0):
  * IntegrationDto only carries providerId/channel/credentials/active (+ _id and
    timestamps). ``name``, ``identifier`` and ``primary`` are dropped when parsing, and
    update() cannot send ``name``. Those checks therefore use the SDK's own HTTP client
    (``Api.handle_request``), which is the public escape hatch of the SDK.
  * Every response body is captured through a ``requests.Session`` response hook (the
    SDK accepts a ``session=`` argument) so the script can assert that no credential
    value it sent is ever echoed back.
"""

import json
import os
import sys
import threading
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import requests
    from novu.api import IntegrationApi, SubscriberApi
    from novu.dto.integration import IntegrationChannelUsageDto, IntegrationDto
    from novu.dto.subscriber import SubscriberDto
    from novu.enums import Channel, CredentialsKeyEnum, EmailProviderIdEnum
except ImportError as exc:  # pragma: no cover
    print(f"sdk smoke: cannot import the novu SDK ({exc}); pip install novu==1.14.0", file=sys.stderr)
    sys.exit(2)


URL = os.environ.get("HERALD_URL", "http://127.0.0.1:3000").rstrip("/")
API_KEY = os.environ.get("HERALD_API_KEY")
CHECK = os.environ.get("HERALD_SDK_CHECK", "1") != "0"
KEEP = os.environ.get("HERALD_SDK_KEEP", "0") == "1"
INTEGRATIONS_URL = f"{URL}/v1/integrations"

RUN = uuid.uuid4().hex[:10]

# Secret values we send; none of them may ever appear in a response.
SECRETS = {
    "sendgrid apiKey": f"SG.smoke-{RUN}-first-secret",
    "sendgrid apiKey (updated)": f"SG.smoke-{RUN}-rotated-secret",
    "mailgun apiKey": f"key-smoke-{RUN}-mailgun-secret",
    "sendgrid apiKey (checked)": f"SG.smoke-{RUN}-checked-secret",
    "sendgrid apiKey (refused)": f"SG.smoke-{RUN}-refused-secret",
}


# ---------------------------------------------------------------------------
# A loopback fake of SendGrid's scopes endpoint, for `check: true`
# ---------------------------------------------------------------------------
class FakeSendGrid(BaseHTTPRequestHandler):
    """Answers GET /v3/scopes as SendGrid documents it: the key's scopes, or 401 with an errors body."""

    seen = []  # (method, path, authorization)

    def do_GET(self):  # noqa: N802 - http.server's naming
        auth = self.headers.get("Authorization", "")
        FakeSendGrid.seen.append(("GET", self.path, auth))
        if self.path != "/v3/scopes":
            return self._answer(418, {"errors": [{"message": f"unexpected call {self.path}"}]})
        if auth == f"Bearer {SECRETS['sendgrid apiKey (checked)']}":
            return self._answer(200, {"scopes": ["mail.send", "alerts.read"]})
        self._answer(401, {"errors": [{"field": None, "message": "authorization required"}]})

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # quiet
        pass


fake = ThreadingHTTPServer(("127.0.0.1", 0), FakeSendGrid)
threading.Thread(target=fake.serve_forever, daemon=True).start()
FAKE_URL = f"http://127.0.0.1:{fake.server_address[1]}"

# ---------------------------------------------------------------------------
# Response capture (every body the SDK receives)
# ---------------------------------------------------------------------------
captured = []  # list of (method, url, status, text)


def _capture(response, *args, **kwargs):
    try:
        text = response.text
    except Exception:  # pragma: no cover
        text = ""
    captured.append((response.request.method, response.url, response.status_code, text))
    return response


session = requests.Session()
session.hooks["response"].append(_capture)


def leaks(text):
    """Names of secrets whose value appears in `text`."""
    return [name for name, value in SECRETS.items() if value in text]


def assert_no_leak(obj, what):
    text = obj if isinstance(obj, str) else repr(obj)
    found = leaks(text)
    assert not found, f"{what} leaks {found}: {text[:300]}"


def check_recent_responses(start, what):
    """No response captured since index `start` may contain a secret."""
    for method, url, status, text in captured[start:]:
        found = leaks(text)
        assert not found, f"{what}: {method} {url} -> {status} leaks {found}: {text[:300]}"


# ---------------------------------------------------------------------------
# Step runner
# ---------------------------------------------------------------------------
passed = 0
failed = 0
state = {}


def step(name, requires=()):
    def decorator(fn):
        global passed, failed
        missing = [r for r in requires if r not in state]
        if missing:
            failed += 1
            print(f"FAIL: {name}: skipped, prerequisite(s) missing: {', '.join(missing)}")
            return fn
        mark = len(captured)
        try:
            fn()
            check_recent_responses(mark, name)
        except Exception as exc:  # noqa: BLE001 - report and carry on
            failed += 1
            detail = f"{type(exc).__name__}: {exc}"
            if isinstance(exc, requests.HTTPError) and exc.response is not None:
                detail += f" (body: {exc.response.text[:300]})"
            print(f"FAIL: {name}: {detail}")
            if os.environ.get("HERALD_SDK_TRACE") == "1":
                traceback.print_exc()
        else:
            passed += 1
            print(f"ok: {name}")
        return fn

    return decorator


def raw_list():
    """GET /v1/integrations through the SDK's own client, returning raw dicts."""
    body = api.handle_request("GET", INTEGRATIONS_URL)
    assert isinstance(body, dict) and isinstance(body.get("data"), list), f"list body is not {{data: [...]}}: {body!r}"
    return body["data"]


def by_id(items, integration_id):
    for item in items:
        if item.get("_id") == integration_id:
            return item
    return None


if not API_KEY:
    print("sdk smoke: HERALD_API_KEY is not set", file=sys.stderr)
    sys.exit(2)

api = IntegrationApi(URL, API_KEY, session=session)
subscribers = SubscriberApi(URL, API_KEY, session=session)
SUBSCRIBER_ID = f"smoke-subscriber-{RUN}"


# ---------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------
@step("auth-rejected")
def _():
    bad = IntegrationApi(URL, f"not-a-key-{RUN}", session=session)
    try:
        list(bad.list())
    except requests.HTTPError as exc:
        assert exc.response.status_code == 401, f"expected 401, got {exc.response.status_code}"
    else:
        raise AssertionError("listing with a bogus API key did not raise")


@step("list")
def _():
    items = list(api.list())
    for it in items:
        assert isinstance(it, IntegrationDto), repr(it)
        assert it._id, f"list item without _id: {it!r}"
        assert it.provider_id and it.channel, f"list item without providerId/channel: {it!r}"
        assert not it.credentials, f"list item exposes credentials to an ApiKey caller: {it!r}"
    state["initial_ids"] = {it._id for it in items}
    state["initial_count"] = len(items)
    print(f"    {len(items)} integration(s) before the run")


@step("create", requires=("initial_ids",))
def _():
    dto = IntegrationDto(
        provider_id=EmailProviderIdEnum.SENDGRID,
        channel=Channel.EMAIL,
        active=True,
        credentials={
            CredentialsKeyEnum.API_KEY: SECRETS["sendgrid apiKey"],
            CredentialsKeyEnum.FROM: f"smoke-{RUN}@example.com",
            CredentialsKeyEnum.SENDER_NAME: "Herald Smoke",
        },
    )
    created = api.create(dto, check=CHECK)
    assert isinstance(created, IntegrationDto)
    if created._id and created._id not in state["initial_ids"]:
        state["first"] = created._id  # record early so later steps and cleanup still run
    assert created._id and created._id not in state["initial_ids"], f"bad/duplicate _id: {created._id!r}"
    assert created.provider_id == "sendgrid", created.provider_id
    assert created.channel == "email", created.channel
    assert created.active is True, created.active
    assert not created.credentials, f"create echoed credentials: {created.credentials!r}"
    assert_no_leak(created, "create result")


@step("create-second", requires=("initial_ids",))
def _():
    dto = IntegrationDto(
        provider_id=EmailProviderIdEnum.MAILGUN,
        channel=Channel.EMAIL,
        active=True,
        credentials={
            CredentialsKeyEnum.API_KEY: SECRETS["mailgun apiKey"],
            CredentialsKeyEnum.USER: "api",
            CredentialsKeyEnum.DOMAIN: f"mg-{RUN}.example.com",
            CredentialsKeyEnum.FROM: f"smoke-{RUN}@mg.example.com",
            CredentialsKeyEnum.SENDER_NAME: "Herald Smoke MG",
        },
    )
    created = api.create(dto, check=CHECK)
    if created._id and created._id not in state["initial_ids"] and created._id != state.get("first"):
        state["second"] = created._id  # record early so later steps and cleanup still run
    assert created._id and created._id not in state["initial_ids"], f"bad/duplicate _id: {created._id!r}"
    assert created._id != state.get("first"), "second create returned the first integration's _id"
    assert created.provider_id == "mailgun", created.provider_id
    assert created.channel == "email", created.channel
    assert created.active is True, created.active
    assert not created.credentials, f"create echoed credentials: {created.credentials!r}"
    assert_no_leak(created, "create result")


@step("list-active", requires=("first", "second"))
def _():
    items = list(api.list(only_active=True))
    ids = {it._id for it in items}
    assert state["first"] in ids, "first integration missing from /active"
    assert state["second"] in ids, "second integration missing from /active"
    inactive = [it._id for it in items if it.active is not True]
    assert not inactive, f"/active returned inactive integrations: {inactive}"
    for it in items:
        assert not it.credentials, f"/active item exposes credentials: {it!r}"
    assert_no_leak(items, "active list")


@step("update", requires=("first",))
def _():
    dto = IntegrationDto(
        provider_id=EmailProviderIdEnum.SENDGRID,
        channel=Channel.EMAIL,
        active=True,
        credentials={
            CredentialsKeyEnum.API_KEY: SECRETS["sendgrid apiKey (updated)"],
            CredentialsKeyEnum.FROM: f"rotated-{RUN}@example.com",
            CredentialsKeyEnum.SENDER_NAME: "Herald Smoke Rotated",
        },
        _id=state["first"],
    )
    updated = api.update(dto, check=CHECK)
    assert updated._id == state["first"], f"update returned another integration: {updated._id!r}"
    assert updated.provider_id == "sendgrid", updated.provider_id
    assert updated.channel == "email", updated.channel
    assert updated.active is True, updated.active
    assert not updated.credentials, f"update echoed credentials: {updated.credentials!r}"
    assert_no_leak(updated, "update result")


@step("rename", requires=("first",))
def _():
    # IntegrationApi.update() cannot send `name`; use the SDK's own client for it.
    new_name = f"Smoke SendGrid {RUN}"
    body = api.handle_request("PUT", f"{INTEGRATIONS_URL}/{state['first']}", {"name": new_name})
    assert isinstance(body, dict) and isinstance(body.get("data"), dict), f"PUT body is not {{data: {{...}}}}: {body!r}"
    assert body["data"].get("_id") == state["first"], body
    assert body["data"].get("name") == new_name, f"PUT did not return the new name: {body['data'].get('name')!r}"
    item = by_id(raw_list(), state["first"])
    assert item is not None, "renamed integration missing from list"
    assert item.get("name") == new_name, f"list shows name {item.get('name')!r}, expected {new_name!r}"
    assert item.get("providerId") == "sendgrid" and item.get("active") is True, item


@step("set-primary", requires=("second",))
def _():
    result = api.set_primary(state["second"])
    assert isinstance(result, IntegrationDto)
    assert result._id == state["second"], f"set-primary returned another integration: {result._id!r}"
    assert result.channel == "email" and result.provider_id == "mailgun", result
    assert not result.credentials, f"set-primary echoed credentials: {result.credentials!r}"
    assert_no_leak(result, "set-primary result")


@step("primary-unique", requires=("first", "second"))
def _():
    items = raw_list()
    primaries = [it.get("_id") for it in items if it.get("channel") == "email" and it.get("primary") is True]
    assert primaries == [state["second"]], f"email primaries are {primaries}, expected only {state['second']}"
    first = by_id(items, state["first"])
    assert first is not None and first.get("primary") is False, f"first integration primary flag: {first!r}"
    for it in items:
        assert it.get("credentials") in ({}, None), f"list item exposes credentials: {it.get('_id')}"


@step("channel-limit")
def _():
    usage = api.limit(Channel.EMAIL)
    assert isinstance(usage, IntegrationChannelUsageDto), repr(usage)
    for field in ("limit", "count"):
        value = getattr(usage, field)
        assert isinstance(value, int) and not isinstance(value, bool) and value >= 0, f"{field} = {value!r}"


@step("webhook-status")
def _():
    status = api.status(EmailProviderIdEnum.SENDGRID)
    assert isinstance(status, bool), f"webhook status is not a boolean: {status!r}"
    print(f"    sendgrid webhook support: {status}")


@step("check-passes")
def _():
    # The SDK's own default (check: true) against a fake SendGrid: the key is sent as a bearer token to
    # GET /v3/scopes and the integration is saved because the key has mail.send.
    FakeSendGrid.seen.clear()
    dto = IntegrationDto(
        provider_id=EmailProviderIdEnum.SENDGRID,
        channel=Channel.EMAIL,
        active=True,
        credentials={
            CredentialsKeyEnum.API_KEY: SECRETS["sendgrid apiKey (checked)"],
            CredentialsKeyEnum.FROM: f"checked-{RUN}@example.com",
            CredentialsKeyEnum.SENDER_NAME: "Herald Checked",
            "baseUrl": FAKE_URL,
        },
    )
    created = api.create(dto, check=True)
    state["checked"] = created._id
    assert FakeSendGrid.seen == [("GET", "/v3/scopes", f"Bearer {SECRETS['sendgrid apiKey (checked)']}")], FakeSendGrid.seen
    assert created.provider_id == "sendgrid" and not created.credentials, created
    assert_no_leak(created, "checked create result")


@step("check-fails-clearly", requires=("initial_ids",))
def _():
    # A key SendGrid refuses: 400 naming the provider and the reason, no secret in it, nothing saved.
    before = {it._id for it in api.list()}
    dto = IntegrationDto(
        provider_id=EmailProviderIdEnum.SENDGRID,
        channel=Channel.EMAIL,
        active=True,
        credentials={
            CredentialsKeyEnum.API_KEY: SECRETS["sendgrid apiKey (refused)"],
            CredentialsKeyEnum.FROM: f"refused-{RUN}@example.com",
            CredentialsKeyEnum.SENDER_NAME: "Herald Refused",
            "baseUrl": FAKE_URL,
        },
    )
    try:
        api.create(dto, check=True)
    except requests.HTTPError as exc:
        assert exc.response.status_code == 400, f"expected 400, got {exc.response.status_code}"
        message = exc.response.json().get("message", "")
        assert "sendgrid check failed" in message, f"unclear message: {message!r}"
    else:
        raise AssertionError("a refused key was saved with check: true")
    after = {it._id for it in api.list()}
    assert after == before, f"a failed check saved something: {after - before}"


@step("delete", requires=("first", "second"))
def _():
    api.delete(state["first"])
    ids = {it._id for it in api.list()}
    assert state["first"] not in ids, "deleted integration still listed"
    assert state["second"] in ids, "delete removed the wrong integration"
    state["deleted_first"] = True


@step("delete-missing", requires=("deleted_first",))
def _():
    try:
        api.delete(state["first"])
    except requests.HTTPError as exc:
        code = exc.response.status_code
        assert 400 <= code < 500, f"expected a 4xx for an already-deleted id, got {code}"
    else:
        raise AssertionError("deleting an already-deleted integration did not raise")


@step("subscriber-create")
def _():
    created = subscribers.create(SubscriberDto(subscriber_id=SUBSCRIBER_ID, email=f"ada-{RUN}@example.com", first_name="Ada"))
    assert isinstance(created, SubscriberDto), repr(created)
    assert created.subscriber_id == SUBSCRIBER_ID and created.email == f"ada-{RUN}@example.com", created
    assert created._id and created.first_name == "Ada", created
    # A second create of the same subscriberId updates it (Novu's upsert).
    again = subscribers.create(SubscriberDto(subscriber_id=SUBSCRIBER_ID, last_name="Lovelace"))
    assert again._id == created._id and again.email == created.email and again.last_name == "Lovelace", again
    page = subscribers.list()
    assert any(item.subscriber_id == SUBSCRIBER_ID for item in page.data), "created subscriber not listed"
    state["subscriber"] = created._id


@step("subscriber-credentials", requires=("subscriber",))
def _():
    # Credentials are saved for an active integration of the provider, as Novu requires.
    body = api.handle_request("POST", INTEGRATIONS_URL, {
        "providerId": "chat-webhook", "channel": "chat", "active": True, "check": False,
        "credentials": {"secretKey": f"chat-{RUN}"}})
    state["chat"] = body["data"]["_id"]
    hook = f"https://hooks.example.com/smoke-{RUN}"
    updated = subscribers.credentials(SUBSCRIBER_ID, "chat-webhook", webhook_url=hook)
    channels = list(updated.channels)
    assert len(channels) == 1, channels
    assert channels[0].provider_id == "chat-webhook" and channels[0]._integration_id == state["chat"], channels[0]
    assert channels[0].credentials.webhook_url == hook, channels[0].credentials
    fetched = subscribers.get(SUBSCRIBER_ID)
    assert list(fetched.channels)[0].credentials.webhook_url == hook, fetched


@step("subscriber-delete", requires=("subscriber",))
def _():
    subscribers.delete_credentials(SUBSCRIBER_ID, "chat-webhook")
    assert not list(subscribers.get(SUBSCRIBER_ID).channels), "credentials still stored"
    subscribers.delete(SUBSCRIBER_ID)
    try:
        subscribers.get(SUBSCRIBER_ID)
    except requests.HTTPError as exc:
        assert exc.response.status_code == 404, exc.response.status_code
    else:
        raise AssertionError("a deleted subscriber is still found")


@step("no-secret-leak")
def _():
    assert captured, "no responses were captured"
    for method, url, status, text in captured:
        found = leaks(text)
        assert not found, f"{method} {url} -> {status} leaks {found}"
    # Also the rendered JSON of everything the SDK parsed is covered above (raw bodies).
    print(f"    {len(captured)} response bodies scanned")


# ---------------------------------------------------------------------------
# Cleanup (not counted)
# ---------------------------------------------------------------------------
if not KEEP:
    for key in ("first", "second", "checked", "chat"):
        if key in state and not (key == "first" and state.get("deleted_first")):
            try:
                api.delete(state[key])
            except Exception as exc:  # noqa: BLE001
                print(f"    cleanup: could not delete {key} integration {state[key]}: {exc}")

print(f"sdk smoke: {passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
