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
  // Confirm destructive actions: <button data-confirm="Really withdraw?">.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
})();
