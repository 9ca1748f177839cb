// The posting sheet's Print button. A file, not an inline onclick: the site's
// Content-Security-Policy blocks inline event handlers.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () {
      window.print();
    });
  }
})();
