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
  // Conditions editor: groups and rows of form controls kept in sync with the JSON the form posts (the server
  // reads only that). Editing the JSON rebuilds the controls; a row's value the user did not touch keeps its JSON.
  const editor = document.getElementById("conditions-editor");
  if (editor) {
    const json = document.getElementById(editor.dataset.json);
    const groups = editor.querySelector("[data-groups]");
    const groupTemplate = document.getElementById("condition-group-template");
    const rowTemplate = document.getElementById("condition-row-template");
    const lists = ["IN", "NOT_IN", "ANY_IN", "ALL_IN", "BETWEEN", "NOT_BETWEEN"];
    const key = (root, name) => root.querySelector('[data-key="' + name + '"]');
    const text = (value) => value === null || value === undefined ? ""
      : Array.isArray(value) ? value.map(text).join(", ")
      : typeof value === "object" ? JSON.stringify(value) : String(value);
    const rowValue = (row) => {
      const operator = key(row, "operator").value, input = key(row, "value");
      if (row.dataset.original && input.value === input.defaultValue && operator === row.dataset.originalOperator) {
        return JSON.parse(row.dataset.original);
      }
      // Strings as typed: Herald compares them to the variable's type ("3" equals 3).
      if (lists.includes(operator)) return input.value.split(",").map((s) => s.trim()).filter((s) => s !== "");
      return input.value.trim();
    };
    const toJSON = () => [...groups.querySelectorAll("[data-group]")].map((group) => {
      const out = { isNegated: key(group, "isNegated").checked, value: key(group, "combinator").value,
        children: [...group.querySelectorAll("[data-row]")].map((row) => ({
          on: key(row, "on").value, field: key(row, "field").value.trim(), operator: key(row, "operator").value,
          value: rowValue(row),
        })) };
      if (group.dataset.type) out.type = group.dataset.type;
      return out;
    });
    const refresh = () => { editor.querySelector("[data-when-empty]").hidden = groups.querySelector("[data-group]") !== null; };
    const sync = () => { json.value = JSON.stringify(toJSON(), null, 2); refresh(); };
    const newRow = (part) => {
      const row = rowTemplate.content.firstElementChild.cloneNode(true);
      if (part) {
        key(row, "on").value = part.on; key(row, "field").value = part.field || "";
        key(row, "operator").value = part.operator;
        key(row, "value").value = key(row, "value").defaultValue = text(part.value);
        row.dataset.original = JSON.stringify(part.value === undefined ? null : part.value);
        row.dataset.originalOperator = part.operator;
      }
      return row;
    };
    const newGroup = (filter) => {
      const group = groupTemplate.content.firstElementChild.cloneNode(true);
      if (filter) {
        key(group, "combinator").value = filter.value || "AND";
        key(group, "isNegated").checked = filter.isNegated === true;
        group.dataset.type = filter.type || "";
        group.querySelector("[data-rows]").replaceChildren(...(filter.children || []).map(newRow));
      }
      return group;
    };
    editor.addEventListener("input", sync);
    editor.addEventListener("change", sync);
    editor.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.matches("[data-add-row]")) {
        const row = newRow(null);
        button.closest("[data-group]").querySelector("[data-rows]").append(row);
        key(row, "field").focus();
      } else if (button.matches("[data-remove-row]")) {
        button.closest("[data-row]").remove();
      } else if (button.matches("[data-remove-group]")) {
        button.closest("[data-group]").remove();
      } else return;
      sync();
    });
    const add = document.getElementById("add-condition-group");
    add.hidden = false;
    add.addEventListener("click", () => {
      const group = newGroup(null);
      groups.append(group);
      key(group, "field").focus();
      sync();
    });
    // The JSON stays viewable and editable: valid JSON rebuilds the controls.
    json.addEventListener("input", () => {
      let parsed;
      try { parsed = JSON.parse(json.value || "[]"); } catch (e) { return; }
      if (!Array.isArray(parsed)) return;
      groups.replaceChildren(...parsed.map(newGroup));
      refresh();
    });
    editor.hidden = false;
    document.getElementById("conditions-json-view").open = false;
    refresh();
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
