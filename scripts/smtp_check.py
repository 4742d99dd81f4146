#!/usr/bin/env python3
"""Herald's SMTP adapters (nodemailer, outlook365) against real SMTP servers (aiosmtpd).

Starts three aiosmtpd servers in this process — plain, STARTTLS with a self-signed certificate and AUTH required,
implicit TLS — and a `herald serve` on a fresh SQLite database; creates integrations through the API and sends
deliveries through them; every message the servers receive is parsed back with Python's `email` package and checked,
and DKIM signatures are verified with dkimpy against the public key.

    smtp_check.py --herald .build/debug/herald      (needs aiosmtpd and dkimpy: scripts/test installs them)
"""

import argparse
import base64
import email
import email.policy
import json
import logging
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import dkim
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "mailer", "s3cret-smtp-password"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Mailbox:
    """Records every message and connection; refuses recipients whose local part starts with 'refused'."""

    def __init__(self):
        self.lock = threading.Lock(); self.messages = []; self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if session.ssl is None:  # plain connections (the EHLO after STARTTLS is not a new one)
            with self.lock: self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append({
                "from": envelope.mail_from, "to": list(envelope.rcpt_tos), "data": envelope.original_content,
                "tls": session.ssl is not None, "auth": session.authenticated})
        return "250 2.0.0 Ok: queued"

    def find(self, marker, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                for message in self.messages:
                    if marker.encode() in message["data"]:
                        return message
            time.sleep(0.05)
        raise AssertionError(f"no message with {marker!r} arrived")


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


class Herald:
    def __init__(self, binary, workdir):
        self.binary, self.workdir = binary, workdir
        db = f"sqlite://{workdir}/herald.sqlite"
        out = subprocess.run([binary, "init", "--json", "--database", db], cwd=workdir, capture_output=True, check=True)
        self.key = json.loads(out.stdout)["environments"][0]["apiKey"]
        self.port = free_port(); self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(workdir, "server.log"), "wb")
        self.proc = subprocess.Popen([binary, "serve", "--port", str(self.port), "--database", db], cwd=workdir,
                                     stdout=self.log, stderr=self.log)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url + "/health", timeout=1).read(); return
            except Exception:  # noqa: BLE001
                time.sleep(0.1)
        raise RuntimeError("herald did not start")

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.url + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": "ApiKey " + self.key, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def integration(self, provider, identifier, credentials, check=False):
        status, body = self.call("POST", "/v1/integrations", {
            "providerId": provider, "channel": "email", "identifier": identifier, "name": identifier,
            "credentials": credentials, "active": True, "check": check})
        return status, body

    def deliver(self, identifier, to, content):
        status, body = self.call("POST", "/v1/deliveries", {
            "channel": "email", "integrationIdentifier": identifier, "to": to, "content": content})
        assert status == 202, (status, body)
        return body["data"]["_id"]

    def first_attempt(self, delivery_id, timeout=60):
        """The attempt through the integration the delivery named (the engine may fail over to others after it)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            _, body = self.call("GET", f"/v1/deliveries/{delivery_id}")
            if body["data"].get("attempts"):
                return body["data"]["attempts"][0]
            time.sleep(0.05)
        raise AssertionError(f"delivery {delivery_id} made no attempt")

    def outcome(self, delivery_id, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            _, body = self.call("GET", f"/v1/deliveries/{delivery_id}")
            if body["data"]["status"] in ("sent", "failed", "retrying"):
                return body["data"]
            time.sleep(0.05)
        raise AssertionError(f"delivery {delivery_id} did not finish")

    def stop(self):
        self.proc.terminate()
        try: self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired: self.proc.kill()


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


passed = failed = 0


def step(name, fn):
    global passed, failed
    try:
        fn(); passed += 1; print(f"ok: {name}", flush=True)
    except Exception as exc:  # noqa: BLE001
        failed += 1; print(f"FAIL: {name}: {type(exc).__name__}: {exc}", flush=True)


def main():
    # aiosmtpd logs every refused handshake (the certificate-verification case) with a traceback; the checks report.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herald", required=True)
    args = parser.parse_args()
    args.herald = os.path.abspath(args.herald)
    work = tempfile.mkdtemp(prefix="herald-smtp.")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "tls.key", "-out", "tls.crt", "-days", "1",
            "-subj", "/CN=localhost", cwd=work)
    openssl("genrsa", "-traditional", "-out", "dkim1.pem", "2048", cwd=work)   # PKCS#1
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "dkim8.pem", cwd=work)  # PKCS#8
    public = {}
    for name in ("dkim1", "dkim8"):
        der = subprocess.run(["openssl", "rsa", "-in", f"{name}.pem", "-pubout", "-outform", "DER"], cwd=work,
                             capture_output=True, check=True).stdout
        public[name] = base64.b64encode(der)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(os.path.join(work, "tls.crt"), os.path.join(work, "tls.key"))

    box = Mailbox()
    ports = {name: free_port() for name in ("plain", "starttls", "implicit")}
    controllers = [
        Controller(box, hostname="127.0.0.1", port=ports["plain"]),
        Controller(box, hostname="127.0.0.1", port=ports["starttls"], tls_context=server_tls, require_starttls=True,
                   authenticator=authenticator, auth_required=True, auth_require_tls=True),
        # aiosmtpd does not count implicit TLS as encryption for auth_require_tls, so it is off on this one.
        Controller(box, hostname="127.0.0.1", port=ports["implicit"], ssl_context=server_tls,
                   authenticator=authenticator, auth_required=True, auth_require_tls=False),
    ]
    for controller in controllers: controller.start()
    herald = Herald(args.herald, work)
    sender = {"from": "no-reply@acme.test", "senderName": "Acme Støtte"}
    try:
        def plain_with_dkim():
            dkim_key = open(os.path.join(work, "dkim1.pem")).read()
            status, body = herald.integration("nodemailer", "smtp-plain", {
                "host": "127.0.0.1", "port": str(ports["plain"]), **sender,
                "domain": "acme.test", "accountSid": "herald", "secretKey": dkim_key})
            assert status == 201, body
            logo = base64.b64encode(b"\x89PNG fake image").decode()
            delivery = herald.deliver("smtp-plain", {
                "email": ["ann@example.test", "refused-bob@example.test"], "cc": ["cc@example.test"],
                "bcc": ["audit@example.test"]}, {
                "subject": "Grüße ✓ plain-1", "text": "Hallo Welt.\n.a line starting with a dot",
                "html": "<p>Hallo <img src=\"cid:logo\"></p>", "replyTo": "help@acme.test",
                "headers": {"X-Campaign": "spring"},
                "attachments": [{"filename": "report.txt", "contentType": "text/plain",
                                 "content": base64.b64encode(b"hello report").decode()},
                                {"filename": "logo.png", "contentType": "image/png", "content": logo, "cid": "logo"}]})
            outcome = herald.outcome(delivery)
            assert outcome["status"] == "sent", outcome
            attempt = outcome["attempts"][-1]
            assert attempt["messageId"].startswith("<") and attempt["messageId"].endswith("@acme.test>"), attempt
            failed_recipients = [r.get("address") for r in attempt.get("failedRecipients") or []]
            assert failed_recipients == ["refused-bob@example.test"], attempt
            received = box.find(attempt["messageId"].strip("<>"))
            assert received["from"] == "no-reply@acme.test"
            assert sorted(received["to"]) == ["ann@example.test", "audit@example.test", "cc@example.test"], received["to"]
            message = email.message_from_bytes(received["data"], policy=email.policy.default)
            assert message["Subject"] == "Grüße ✓ plain-1", message["Subject"]
            sender_address = message["From"].addresses[0]
            assert sender_address.display_name == "Acme Støtte" and sender_address.addr_spec == "no-reply@acme.test", sender_address
            assert message["Reply-To"] == "help@acme.test" and message["X-Campaign"] == "spring"
            assert "audit@example.test" not in received["data"].decode("latin-1"), "bcc leaked into the message"
            assert message["Message-ID"] == attempt["messageId"]
            assert message.get_body(("plain",)).get_content().replace("\r\n", "\n").startswith("Hallo Welt.\n.a line")
            assert "cid:logo" in message.get_body(("html",)).get_content()
            parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
            assert parts["report.txt"].get_content() == "hello report" and parts["report.txt"].get_content_disposition() == "attachment"
            assert parts["logo.png"]["Content-ID"] == "<logo>" and parts["logo.png"].get_content() == b"\x89PNG fake image"
            assert any(p.get_content_type() == "multipart/related" for p in message.walk())
            for line in received["data"].split(b"\r\n"):
                assert len(line) <= 998, "a line longer than 998 octets"
            dns = lambda name, timeout=5: b"v=DKIM1; k=rsa; p=" + public["dkim1"] if name == b"herald._domainkey.acme.test." else None
            assert dkim.verify(received["data"], dnsfunc=dns), "DKIM signature (PKCS#1 key) does not verify"
            tampered = received["data"].replace(b"Subject:", b"Subject: x", 1)
            assert not dkim.verify(tampered, dnsfunc=dns), "a tampered message still verifies"

        def pkcs8_dkim_and_pool():
            status, body = herald.integration("nodemailer", "smtp-pool", {
                "host": "127.0.0.1", "port": ports["plain"], **sender, "domain": "acme.test", "accountSid": "sel8",
                "secretKey": open(os.path.join(work, "dkim8.pem")).read()})
            assert status == 201, body
            before = box.connections
            ids = [herald.deliver("smtp-pool", {"email": f"user{i}@example.test"}, {"subject": f"pool-{i}", "text": "x"})
                   for i in range(20)]
            for delivery in ids:
                assert herald.outcome(delivery)["status"] == "sent"
            dns = lambda name, timeout=5: b"v=DKIM1; k=rsa; p=" + public["dkim8"] if name == b"sel8._domainkey.acme.test." else None
            for i in range(20):
                assert dkim.verify(box.find(f"pool-{i}")["data"], dnsfunc=dns), f"DKIM (PKCS#8) of pool-{i}"
            used = box.connections - before
            print(f"    20 messages over {used} SMTP connections (pool cap 4)")
            assert used <= 4, f"{used} connections for 20 messages: the pool did not reuse them"

        def starttls_auth():
            creds = {"host": "127.0.0.1", "port": ports["starttls"], **sender, "user": USER, "password": PASSWORD,
                     "requireTls": True, "tlsOptions": {"rejectUnauthorized": False}}
            status, body = herald.integration("nodemailer", "smtp-starttls", creds, check=True)
            assert status == 201, body
            delivery = herald.deliver("smtp-starttls", {"email": "ann@example.test"}, {"subject": "starttls-1", "text": "x"})
            assert herald.outcome(delivery)["status"] == "sent"
            received = box.find("starttls-1")
            assert received["tls"] and received["auth"], received
            # A wrong password: refused at check, and a delivery records bad_credentials.
            status, body = herald.integration("nodemailer", "smtp-badpass", {**creds, "password": "wrong-password"}, check=True)
            assert status == 400 and "wrong-password" not in json.dumps(body), body
            status, body = herald.integration("nodemailer", "smtp-badpass", {**creds, "password": "wrong-password"})
            assert status == 201, body
            attempt = herald.first_attempt(herald.deliver("smtp-badpass", {"email": "ann@example.test"},
                                                          {"subject": "badpass", "text": "x"}))
            assert attempt["reason"] == "bad_credentials", attempt
            assert "wrong-password" not in json.dumps(attempt)
            # The self-signed certificate is refused unless rejectUnauthorized is false.
            status, body = herald.integration("nodemailer", "smtp-verify", {**creds, "tlsOptions": {}}, check=True)
            assert status == 400 and "TLS" in body.get("message", ""), body

        def implicit_tls():
            status, body = herald.integration("nodemailer", "smtp-implicit", {
                "host": "127.0.0.1", "port": ports["implicit"], **sender, "user": USER, "password": PASSWORD,
                "secure": True, "tlsOptions": {"rejectUnauthorized": False}}, check=True)
            assert status == 201, body
            delivery = herald.deliver("smtp-implicit", {"email": "ann@example.test"}, {"subject": "implicit-1", "html": "<b>x</b>"})
            attempt = herald.first_attempt(delivery)
            assert attempt["providerId"] == "nodemailer" and attempt["outcome"] == "sent", attempt
            # aiosmtpd marks only STARTTLS sessions as TLS; this port speaks nothing but TLS, and AUTH was required.
            assert box.find("implicit-1")["auth"]

        def outlook365():
            status, body = herald.integration("outlook365", "outlook", {
                "from": USER, "password": PASSWORD, "senderName": "Acme", "baseUrl": f"smtp://127.0.0.1:{ports['starttls']}"})
            assert status == 201, body
            delivery = herald.deliver("outlook", {"email": "ann@example.test"}, {"subject": "outlook-1", "text": "x"})
            attempt = herald.first_attempt(delivery)
            # aiosmtpd's self-signed certificate: Outlook verifies certificates, so TLS fails as misconfiguration.
            assert attempt["providerId"] == "outlook365" and attempt["reason"] == "misconfigured", attempt

        def refused_everyone():
            delivery = herald.deliver("smtp-plain", {"email": "refused-x@example.test"}, {"subject": "nobody", "text": "x"})
            attempt = herald.first_attempt(delivery)
            assert attempt["reason"] == "invalid_recipient" and attempt["providerCode"] == "550", attempt

        step("plain SMTP: MIME parsed back (UTF-8 subject and name, alternative, inline image, attachment), "
             "refused RCPT, bcc only in the envelope, DKIM (PKCS#1) verified", plain_with_dkim)
        step("pool: 20 messages reuse connections; DKIM with a PKCS#8 key verified", pkcs8_dkim_and_pool)
        step("STARTTLS + AUTH with a self-signed certificate; wrong password; certificate verification", starttls_auth)
        step("implicit TLS + AUTH", implicit_tls)
        step("outlook365: STARTTLS required, certificate verified", outlook365)
        step("every recipient refused: invalid_recipient, 550", refused_everyone)
        def no_secrets_logged():
            log = open(os.path.join(work, "server.log"), "rb").read()
            for secret in (PASSWORD.encode(), b"wrong-password", b"PRIVATE KEY"):
                assert secret not in log, f"{secret!r} is in the server log"

        step("no SMTP password or DKIM key in the server log", no_secrets_logged)
    finally:
        herald.stop()
        for controller in controllers: controller.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"smtp check: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
