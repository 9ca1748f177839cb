// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var toggle = document.querySelector(".main-nav__toggle");
  var list = document.getElementById("main-nav-list");
  if (toggle && list) {
    toggle.addEventListener("click", function () {
      var open = list.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A table wider than the screen scrolls sideways inside .table-scroll: make that region
  // reachable and scrollable with the keyboard, and name it for screen readers (WCAG 2.1.1).
  var scrollers = document.querySelectorAll(".table-scroll");
  for (var i = 0; i < scrollers.length; i++) {
    var region = scrollers[i];
    if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "0");
    if (!region.hasAttribute("role")) region.setAttribute("role", "region");
    if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
      var caption = region.querySelector("caption");
      var fallback = document.documentElement.lang === "en" ? "Table" : "Bảng";
      region.setAttribute("aria-label", caption ? caption.textContent.trim() : fallback);
    }
  }
})();
