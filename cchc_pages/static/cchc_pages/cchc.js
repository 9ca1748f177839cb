// "Copy link" button of the share box: progressive enhancement, no third-party script.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector("[role=status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied-text"); }
      }, function () { input.select(); });
    });
  });
})();
