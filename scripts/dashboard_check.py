#!/usr/bin/env python3
"""Herald's dashboard in a real browser: headless Chromium driven by Selenium against a live `herald serve`.

Starts `herald serve` on a fresh SQLite database, then: a wrong token shows an error; sign-in; the catalogue search;
create a SendGrid integration from the generated form (secret masked, revealed, dropdown); activate; a second
integration made primary and then this one set primary; a condition added through the conditions form (rows added and
removed, the JSON kept in sync and viewable, the JSON box rebuilding the form) and the selection dry run changing; a test
sent, its delivery page opened and the deliveries chart read; the history shows every step and no secret; delete with confirmation. Screenshots
go to --screenshots (default .build/dashboard-screenshots).

    dashboard_check.py --herald .build/debug/herald   (needs selenium, chromium and chromium-driver)
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

SECRET = "SG.dashboard-check-secret-value"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def wait_healthy(url, process):
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit("herald serve exited early")
        try:
            with urllib.request.urlopen(url + "/health", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("herald serve did not become healthy")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--herald", required=True)
    parser.add_argument("--screenshots", default=".build/dashboard-screenshots")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    args = parser.parse_args()
    herald = os.path.abspath(args.herald)
    shots = os.path.abspath(args.screenshots)
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="herald-dashboard.")
    database = "sqlite://%s/herald.sqlite" % work
    init = json.loads(subprocess.run([herald, "init", "--json", "--database", database], cwd=work, check=True,
                                     capture_output=True, text=True).stdout)
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([herald, "serve", "--port", str(port), "--database", database, "--workers", "1",
                               "--deny-private-network"], cwd=work, stdout=log, stderr=subprocess.STDOUT)
    driver = None
    started = time.monotonic()
    try:
        wait_healthy(base, server)
        options = webdriver.ChromeOptions()
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                     "--disable-gpu"):
            options.add_argument(flag)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service(args.chromedriver), options=options)
        wait = SettlingWait(driver, 10)
        step = Steps(driver, wait, base, shots)
        step.run(init)
        print("dashboard check: %d steps passed in %.1f s; screenshots in %s" % (step.count, time.monotonic() - started, shots))
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        with open(os.path.join(work, "server.log")) as f:
            text = f.read()
        if SECRET in text:
            print("the secret appears in the server log", file=sys.stderr); sys.exit(1)
        shutil.rmtree(work, ignore_errors=True)


def settled(condition):
    """The condition, with a read of an element that went away counted as "not yet": the page's script replaces
    elements as results arrive (the live dry run re-renders after a click and again after typing settles), and a form
    post navigates away from the page a wait may be reading (Chromium then answers "Node with given id does not belong
    to the document", a plain WebDriverException). Every other error (a bad selector, a dead browser) still raises."""
    def check(driver):
        try:
            return condition(driver)
        except (NoSuchElementException, StaleElementReferenceException):
            return False
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return False
            raise
    return check


class SettlingWait(WebDriverWait):
    """WebDriverWait whose conditions are ``settled``; one that never comes true fails after the timeout."""

    def until(self, method, message=""):
        return super().until(settled(method), message)


class Steps:
    def __init__(self, driver, wait, base, shots):
        self.driver, self.wait, self.base, self.shots, self.count = driver, wait, base, shots, 0

    def check(self, condition, message):
        if not condition:
            self.shot("failure")
            raise AssertionError(message)
        self.count += 1

    def shot(self, name):
        self.driver.save_screenshot(os.path.join(self.shots, name + ".png"))

    def open(self, path):
        self.driver.get(self.base + path)

    def find(self, selector):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))

    def click(self, selector):
        self.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, selector))).click()

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def notice(self, expected):
        try:
            self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), expected))
        except Exception:
            self.shot("failure")
            raise AssertionError("expected the notice %r on %s; the page says: %s"
                                 % (expected, self.driver.current_url, self.text()[:500]))
        self.count += 1

    def run(self, init):
        d = self.driver
        # A wrong token: an error message, no session.
        self.open("/dashboard/integrations")
        self.find("#token").send_keys("hadm_not-the-token")
        self.click("#signin")
        self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".error"), "not valid"))
        self.check("Traceback" not in self.text() and ".swift" not in self.text(), "no details on a wrong token")
        self.shot("01-sign-in-error")
        self.check(d.get_cookie("herald_session") is None, "no session after a wrong token")

        self.find("#token").send_keys(init["adminToken"])
        self.click("#signin")
        self.find("#add-integration")
        cookie = d.get_cookie("herald_session")
        self.check(cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", "session cookie flags: %s" % cookie)

        # The environment switcher.
        Select(self.find("#env-select")).select_by_visible_text("Production")
        self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "h1 small"), "Production"))
        Select(self.find("#env-select")).select_by_visible_text("Development")
        self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "h1 small"), "Development"))

        # The catalogue, searched as you type.
        self.click("#add-integration")
        self.find("#catalogue-search").send_keys("send")
        self.wait.until(lambda _: not d.find_element(By.ID, "provider-mailgun").is_displayed())
        self.check(d.find_element(By.ID, "provider-sendgrid").is_displayed(), "search keeps SendGrid")
        self.shot("02-catalogue")
        self.click("#provider-sendgrid")

        # The generated form: required marks, a masked secret with a reveal, a dropdown.
        api_key = self.find("#field-apiKey")
        self.check(api_key.get_attribute("type") == "password", "the secret is masked")
        self.check(len(d.find_elements(By.CSS_SELECTOR, ".required")) >= 3, "required marks")
        api_key.send_keys(SECRET)
        self.click("button[data-reveal='field-apiKey']")
        self.check(api_key.get_attribute("type") == "text", "reveal shows the secret")
        self.click("button[data-reveal='field-apiKey']")
        Select(self.find("#field-region")).select_by_value("eu")
        name = self.find("#field-name"); name.clear(); name.send_keys("SendGrid EU")
        self.find("#field-from").send_keys("hello@example.com")
        self.find("#field-senderName").send_keys("Example")
        self.shot("03-create-form")
        self.click("#create")
        self.notice("Integration created.")
        first_url = d.current_url
        self.check(self.find("#state").text == "inactive", "created inactive")

        self.click("#activate")
        self.notice("Integration activated.")
        self.check(self.find("#state").text == "active", "activated")
        # Activation ranks but never promotes (as Novu): set primary.
        self.click("#set-primary")
        self.notice("is now the primary")
        self.check(d.find_elements(By.ID, "primary-state"), "SendGrid is primary")

        # A second active one, made primary; then the first set primary again.
        self.open("/dashboard/catalogue")
        self.click("#provider-postmark")
        self.find("#field-apiKey").send_keys("postmark-dashboard-check-token")
        self.find("#field-from").send_keys("hello@example.com")
        self.find("#field-senderName").send_keys("Example")
        self.click("label.switch span")  # active
        self.click("#create")
        self.notice("Integration created.")
        self.click("#set-primary")
        self.notice("is now the primary")
        d.get(first_url)
        self.check(not d.find_elements(By.ID, "primary-state"), "the first lost primary")
        self.click("#set-primary")
        self.notice("is now the primary")

        # Conditions on the Postmark integration (not primary), then the dry run explains why it is skipped.
        self.open("/dashboard/integrations")
        self.check("SendGrid EU" in self.text() and "Postmark" in self.text(), "both in the list")
        rows = d.find_elements(By.CSS_SELECTOR, "tr[data-integration]")
        self.check(len(rows) == 2 and "primary" in rows[0].text and "SendGrid EU" in rows[0].text, "ordered by rank")
        self.shot("04-integrations")
        d.find_element(By.LINK_TEXT, "Postmark").click()

        def dry_run(tenant, expect):
            dry = self.find("#dry-run-json")
            dry.clear()
            dry.send_keys(json.dumps({"channel": "email", "to": {"email": "a@example.com"},
                                      "content": {"subject": "Hi", "content": "Hi"}, "tenant": {"identifier": tenant}}))
            self.click("#dry-run")
            def matching_summary(_):
                text = d.find_element(By.ID, "dry-run-summary").text
                return text if expect(text) else None
            try:
                text = self.wait.until(matching_summary)
            except Exception:
                self.shot("failure")
                raise AssertionError("dry run for tenant %s: %s" % (tenant, self.find("#dry-run-result").text))
            self.count += 1
            return text

        # Without conditions the dry run tries both.
        before = dry_run("other", lambda text: "then Postmark" in text)
        self.check("skipped" not in before, "no condition yet: %s" % before)

        # A condition through the form (not the JSON box): a group, a row, another row added and removed.
        self.check(self.find("#conditions-editor").is_displayed(), "the form editor is shown")
        self.check(not self.find("#conditions-json").is_displayed(), "the JSON is folded away")
        self.click("#add-condition-group")
        group = d.find_elements(By.CSS_SELECTOR, "#conditions-editor [data-groups] .condition-group")[-1]
        row = group.find_element(By.CSS_SELECTOR, ".condition-row")
        Select(row.find_element(By.CSS_SELECTOR, "[data-key=on]")).select_by_value("tenant")
        row.find_element(By.CSS_SELECTOR, "[data-key=field]").send_keys("identifier")
        Select(row.find_element(By.CSS_SELECTOR, "[data-key=operator]")).select_by_value("IN")
        row.find_element(By.CSS_SELECTOR, "[data-key=value]").send_keys("acme, initech")
        group.find_element(By.CSS_SELECTOR, "[data-add-row]").click()
        conditions = lambda: json.loads(self.find("#conditions-json").get_attribute("value"))
        self.check(len(conditions()[-1]["children"]) == 2, "a second row: %s" % conditions())
        group.find_elements(By.CSS_SELECTOR, "[data-remove-row]")[-1].click()
        expected = [{"isNegated": False, "value": "AND", "children": [
            {"on": "tenant", "field": "identifier", "operator": "IN", "value": ["acme", "initech"]}]}]
        self.check(conditions() == expected, "the JSON follows the form: %s" % conditions())
        self.click("#conditions-json-view summary")
        self.check(self.find("#conditions-json").is_displayed(), "the JSON is viewable")
        self.shot("05-conditions-form")
        self.click("#save-conditions")
        self.notice("Conditions saved.")
        saved_value = self.find("#conditions-editor .condition-row [data-key=value]").get_attribute("value")
        self.check(saved_value == "acme, initech", "the saved row is shown in the form: %r" % saved_value)

        # The dry run changes: Postmark is skipped for another tenant, tried again for acme.
        after = dry_run("other", lambda text: "Postmark skipped because" in text)
        self.check("SendGrid EU" in after, "dry run: %s" % after)
        self.shot("06-conditions-dry-run")
        # (a matching conditional integration goes first, as in Novu)
        dry_run("acme", lambda text: text.startswith("Herald would try: Postmark") and "skipped" not in text)

        # The JSON box still works: editing it rebuilds the form.
        self.click("#conditions-json-view summary")
        box = self.find("#conditions-json")
        box.clear()
        box.send_keys(json.dumps(expected + [{"isNegated": True, "value": "OR", "children": [
            {"on": "payload", "field": "data.region", "operator": "EQUAL", "value": "eu"}]}]))
        self.wait.until(lambda _: len(d.find_elements(By.CSS_SELECTOR, "#conditions-editor [data-groups] .condition-group")) == 2)
        last = d.find_elements(By.CSS_SELECTOR, "#conditions-editor [data-groups] .condition-group")[-1]
        self.check(last.find_element(By.CSS_SELECTOR, "[data-key=isNegated]").is_selected()
                   and last.find_element(By.CSS_SELECTOR, "[data-key=field]").get_attribute("value") == "data.region",
                   "the form follows the JSON")
        last.find_element(By.CSS_SELECTOR, "[data-remove-group]").click()
        self.check(conditions() == expected, "removing the group updates the JSON: %s" % conditions())

        # Send a test through SendGrid (not reachable from here: the delivery is recorded either way).
        d.get(first_url)
        self.find("#test-to").send_keys("someone@example.com")
        self.click("#send-test")
        self.notice("Test delivery queued.")
        status = self.find("#delivery-status").text
        self.check(status in ("queued", "sending", "retrying", "sent", "delivered", "failed"), "delivery status: %s" % status)
        self.open("/dashboard/deliveries")
        self.check("email" in self.text(), "the delivery is listed")
        # The last hour's chart: inline SVG, a bar group with a title per minute, the test delivery counted.
        chart = self.find("#deliveries-chart svg")
        self.check(len(chart.find_elements(By.CSS_SELECTOR, "g.minute")) == 60, "60 minutes in the chart")
        desc = chart.find_element(By.CSS_SELECTOR, "desc").get_attribute("textContent")
        self.check(desc.startswith("1 deliveries created in the last 60 minutes"), "chart description: %s" % desc)
        self.check(len(chart.find_elements(By.CSS_SELECTOR, "rect.bar")) >= 4, "a bar and the legend's three swatches")
        self.shot("07-deliveries-chart")

        # The history: every step, who, and no secret.
        d.get(first_url)
        history = self.find("#history").text
        for action in ("created", "activated", "reranked", "set_primary"):
            self.check(action in history, "history has %s: %s" % (action, history))
        self.check("credentials added: apiKey" in history.replace("\n", " ") or "apiKey" in history, "credential keys")
        self.check(SECRET not in d.page_source, "no secret in the page")
        self.shot("08-integration-history")

        # Delete with confirmation.
        self.click("#delete")
        self.click("#confirm-delete")
        self.notice("Integration deleted.")
        self.check("SendGrid EU" not in self.text(), "gone from the list")

        self.click("#signout")
        self.find("#token")
        self.check(d.get_cookie("herald_session") in (None,) or not d.get_cookie("herald_session").get("value"),
                   "signed out")


if __name__ == "__main__":
    main()
