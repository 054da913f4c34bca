// The [Print] button on a decision record: shown only when scripts run, hidden in print.
(function () {
  "use strict";
  const button = document.getElementById("print-record");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
