// Small progressive enhancements. Everything works without them.
(function () {
  "use strict";
  // Ask before leaving a page with unsaved text in a form marked data-guard.
  let dirty = false;
  document.addEventListener("input", function (event) {
    if (event.target.closest("form[data-guard]")) dirty = true;
  });
  document.addEventListener("submit", function () { dirty = false; });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && event.detail.elt.closest("form[data-guard]")) dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  // A table wider than the screen scrolls sideways in its .table-wrap: let the keyboard
  // reach it (WCAG, axe's scrollable-region-focusable), named by its caption if it has one.
  function focusableScrollers() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) return;
      const caption = wrap.querySelector("caption");
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table (scrolls sideways)");
    });
  }
  document.addEventListener("DOMContentLoaded", focusableScrollers);
  document.addEventListener("htmx:afterSettle", focusableScrollers);
  // Confirm destructive actions: <button data-confirm="Really withdraw?">.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
})();

// --- interviewer pages ---
(function () {
  "use strict";
  // The scorecard's submit button stays disabled while something is missing; the draft
  // autosave response swaps in a fresh list (and button) out of band. Without JS the server
  // still refuses an incomplete scorecard with the same list.
  function syncSubmit() {
    const button = document.getElementById("submit-scorecard");
    if (button) button.disabled = button.dataset.missing !== "0";
  }
  document.addEventListener("DOMContentLoaded", syncSubmit);
  document.addEventListener("htmx:afterSettle", syncSubmit);
  // One click, one submission: disable the button once the form is on its way.
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "scorecard-form") return;
    const button = document.getElementById("submit-scorecard");
    if (button) setTimeout(function () { button.disabled = true; button.textContent = "Submitting…"; }, 0);
  });
  // Under each scale, say in words what the chosen point means (the rubric anchor).
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!input.name || !input.name.startsWith("rating_")) return;
    const line = document.getElementById("chosen-" + input.name.slice(7));
    const anchor = input.closest("label").querySelector(".anchor-text");
    if (!line || !anchor) return;
    line.replaceChildren();
    const point = document.createElement("strong");
    point.textContent = input.value;
    line.append(point, " means: " + anchor.textContent);
  });
  // Number each autosave, so that the server keeps the newest edit even when an older save
  // reaches it later (draft_version, see do_save_draft). The clock keeps the number rising
  // across reloads and tabs; the stored draft's number is the floor.
  let lastDraftVersion = 0;
  function isDraftSave(event) {
    return event.detail.elt && event.detail.elt.id === "scorecard-form";
  }
  document.addEventListener("htmx:configRequest", function (event) {
    if (!isDraftSave(event)) return;
    const stored = Number(event.detail.elt.dataset.draftVersion || 0);
    lastDraftVersion = Math.max(Date.now(), stored + 1, lastDraftVersion + 1);
    event.detail.parameters["draft_version"] = String(lastDraftVersion);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isDraftSave(event)) event.detail.xhr.draftVersion = lastDraftVersion;
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!isDraftSave(event)) return;
    // An answer to an older save says nothing about what is stored now: keep the status.
    if (event.detail.xhr.draftVersion < lastDraftVersion) {
      event.detail.shouldSwap = false;
      return;
    }
    // Show the autosave's "Not saved: ..." message instead of silently dropping a 422 (or
    // a 409: another tab saved a newer edit).
    if (event.detail.xhr.status === 422 || event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

// --- scorecard: keep unsaved scorecard text when a concern form is sent ---
(function () {
  "use strict";
  // Raising or closing a concern reloads the page. The scorecard's fields travel with the
  // concern form, so a last sentence typed before the autosave fired is saved, not lost.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const card = document.getElementById("scorecard-form");
    if (!card || form === card) return;
    if (form.id !== "raise-concern" && !form.id.startsWith("resolve-concern-")) return;
    const fields = new FormData(card);
    for (const [name, value] of fields.entries()) {
      if (!/^(rating_\d+|evidence_\d+|recommendation|notes)$/.test(name)) continue;
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    const marker = document.createElement("input");
    marker.type = "hidden";
    marker.name = "carry_draft";
    marker.value = "1";
    form.appendChild(marker);
  });
})();
