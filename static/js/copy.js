/* Copy buttons for text blocks such as a statement's citation. Progressive enhancement:
 * a button stays hidden until this file runs and the Clipboard API is there; the text
 * itself is always selectable.
 * Markup: <button data-copy-target="ID" hidden>, and a [role=status] beside it for the outcome.
 */
(function () {
  "use strict";

  function statusFor(button) {
    return button.parentNode ? button.parentNode.querySelector('[role="status"]') : null;
  }

  function say(button, message) {
    var status = statusFor(button);
    if (status) status.textContent = message;
  }

  function enhance(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent).then(
        function () { say(button, "Copied."); },
        function () { say(button, "Could not copy: select the text instead."); }
      );
    });
  }

  function start() {
    document.querySelectorAll("[data-copy-target]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
