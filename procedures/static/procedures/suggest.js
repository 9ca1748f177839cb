// Suggestions while typing for every <input data-suggest> inside a search form.
// An ARIA 1.2 combobox with a listbox popup: arrow keys move through the suggestions,
// Enter opens the chosen one, Escape closes the list. Without JavaScript the form simply submits.
(function () {
  "use strict";
  var script = document.currentScript;
  var lang = (document.documentElement.lang || "vi").slice(0, 2);
  var TEXT = {
    vi: { one: "1 gợi ý, dùng phím mũi tên để chọn.", many: " gợi ý, dùng phím mũi tên để chọn.", none: "Không có gợi ý.", label: "Gợi ý" },
    en: { one: "1 suggestion, use the arrow keys to choose.", many: " suggestions, use the arrow keys to choose.", none: "No suggestions.", label: "Suggestions" }
  }[lang === "en" ? "en" : "vi"];
  var DELAY = 200;
  var counter = 0;

  if (script && script.src) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = script.src.replace(/suggest\.js(\?.*)?$/, "suggest.css");
    document.head.appendChild(css);
  }

  function setup(input) {
    var form = input.form;
    if (!form || input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    counter += 1;
    var listId = "suggest-list-" + counter;
    var endpoint = input.getAttribute("data-suggest") || form.getAttribute("action").replace(/\/?$/, "/") + "goi-y/";

    var wrapper = document.createElement("div");
    wrapper.className = "suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", TEXT.label);
    list.hidden = true;
    wrapper.appendChild(list);
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    wrapper.appendChild(live);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var controller = null;
    var items = [];
    var active = -1;
    var lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "suggest__option";
        var title = document.createElement("span");
        title.className = "suggest__title";
        title.textContent = item.title;
        li.appendChild(title);
        if (item.code) {
          var code = document.createElement("span");
          code.className = "suggest__code";
          code.textContent = item.code;
          li.appendChild(code);
        }
        li.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input
        });
        li.addEventListener("click", function () {
          go(i);
        });
        list.appendChild(li);
      });
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      active = -1;
      live.textContent = suggestions.length === 0 ? TEXT.none : suggestions.length === 1 ? TEXT.one : suggestions.length + TEXT.many;
    }

    function go(index) {
      var item = items[index];
      if (item && item.url) {
        window.location.assign(item.url);
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < 2) {
        render([]);
        live.textContent = "";
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(endpoint + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) render(data.suggestions || []);
        })
        .catch(function () {
          /* offline or aborted: the form still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        if (!open) {
          lastQuery = "";
          fetchSuggestions();
          return;
        }
        event.preventDefault();
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        highlight(active - 1 < 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        }
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i++) setup(inputs[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
