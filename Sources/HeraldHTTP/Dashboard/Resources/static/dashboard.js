// Herald dashboard: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // The environment switcher submits on change.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // Secret fields: show or hide what was typed.
  for (const button of document.querySelectorAll("button[data-reveal]")) {
    button.addEventListener("click", () => {
      const field = document.getElementById(button.dataset.reveal);
      if (!field) return;
      if (field.tagName === "TEXTAREA") {
        field.classList.toggle("masked");
        button.textContent = field.classList.contains("masked") ? "Show" : "Hide";
      } else {
        field.type = field.type === "password" ? "text" : "password";
        button.textContent = field.type === "password" ? "Show" : "Hide";
      }
    });
  }
  // Catalogue search filters as you type.
  const search = document.querySelector("input[data-filter]");
  if (search) {
    const filter = () => {
      const q = search.value.trim().toLowerCase();
      for (const item of document.querySelectorAll(search.dataset.filter + ", .provider.disabled")) {
        item.hidden = q !== "" && !item.dataset.search.includes(q);
      }
      for (const group of document.querySelectorAll("[data-group]")) {
        group.hidden = !group.querySelector(".provider:not([hidden])");
      }
    };
    search.addEventListener("input", filter);
    filter();
  }
  // Conditions editor: append a group skeleton to the JSON.
  for (const button of document.querySelectorAll("button[data-add-condition]")) {
    button.addEventListener("click", () => {
      const area = document.getElementById(button.dataset.addCondition);
      let groups = [];
      try { groups = JSON.parse(area.value || "[]"); } catch (e) { alert("The conditions are not valid JSON: " + e.message); return; }
      groups.push({ isNegated: false, type: "BOOLEAN", value: "AND",
        children: [{ on: "tenant", field: "identifier", operator: "EQUAL", value: "acme" }] });
      area.value = JSON.stringify(groups, null, 2);
    });
  }
  // Selection dry run, live: runs on click and shortly after the request text changes.
  const dryRun = document.getElementById("dry-run-json");
  if (dryRun) {
    const result = document.getElementById("dry-run-result");
    const run = async () => {
      let response;
      try {
        response = await fetch("/dashboard/select?env=" + encodeURIComponent(dryRun.dataset.dryRunEnv), {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": dryRun.dataset.csrf },
          body: dryRun.value,
        });
      } catch (e) { result.textContent = "The server did not answer."; return; }
      const body = await response.json().catch(() => ({ error: "Unexpected answer" }));
      result.replaceChildren();
      if (!response.ok || body.error) {
        const p = document.createElement("p"); p.className = "error"; p.textContent = body.error || "Error " + response.status;
        result.append(p); return;
      }
      const summary = document.createElement("p"); summary.className = "summary"; summary.id = "dry-run-summary";
      summary.textContent = body.data.summary; result.append(summary);
      const list = document.createElement("ol");
      for (const item of body.data.decision.integrations || []) {
        const li = document.createElement("li");
        li.textContent = item.identifier + " (" + item.providerId + "): " + (item.taken ? "tried" : "skipped") + " — " + item.reason;
        list.append(li);
      }
      result.append(list);
    };
    document.getElementById("dry-run").addEventListener("click", run);
    let timer;
    dryRun.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 400); });
  }
});
