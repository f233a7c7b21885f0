// Keyboard shortcuts for the review UI, as in nomenklatura's review tool.
// Queue: j/k move, o or Enter open, x select. Hit page: j/k next/previous hit, and one key per
// decision (c confirm, d dismiss: choose a reason, e escalate, u unsure, r reopen).
"use strict";

function typing(event) {
  const t = event.target;
  return t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
}

function queueKeys(table) {
  const rows = Array.from(table.querySelectorAll("tbody tr[data-href]"));
  let current = -1;
  function move(to) {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("current");
    current = Math.max(0, Math.min(rows.length - 1, to));
    rows[current].classList.add("current");
    rows[current].scrollIntoView({ block: "nearest" });
  }
  const selectAll = document.getElementById("select-all");
  if (selectAll) {
    selectAll.addEventListener("change", () => {
      table.querySelectorAll("tbody input[name=sel]").forEach((box) => { box.checked = selectAll.checked; });
    });
  }
  return (key) => {
    if (key === "j") move(current + 1);
    else if (key === "k") move(current - 1);
    else if ((key === "o" || key === "Enter") && current >= 0) window.location.assign(rows[current].dataset.href);
    else if (key === "x" && current >= 0) {
      const box = rows[current].querySelector("input[name=sel]");
      if (box) box.checked = !box.checked;
    } else return false;
    return true;
  };
}

function hitKeys() {
  const forms = {};
  document.querySelectorAll("form[data-key]").forEach((form) => { forms[form.dataset.key] = form; });
  return (key) => {
    if (key === "j" || key === "k") {
      const link = document.getElementById(key === "j" ? "next" : "prev");
      if (link) window.location.assign(link.href);
      return true;
    }
    const form = forms[key];
    if (!form) return false;
    const reason = form.querySelector("select[name=reason]");
    if (reason && !reason.value) { reason.focus(); return true; }  // a dismissal needs its reason
    form.requestSubmit();
    return true;
  };
}

document.addEventListener("DOMContentLoaded", () => {
  const table = document.getElementById("queue");
  const handler = table ? queueKeys(table) : hitKeys();
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event)) return;
    if (handler(event.key)) event.preventDefault();
  });
});
