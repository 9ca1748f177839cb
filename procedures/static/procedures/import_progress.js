// Shows how far a large import has got while the upload is being processed.
(function () {
  var form = document.getElementById("procedures-import-form");
  if (!form || !window.fetch) return;
  form.addEventListener("submit", function () {
    var box = document.getElementById("procedures-import-progress");
    var bar = document.getElementById("procedures-import-progress-bar");
    var text = document.getElementById("procedures-import-progress-text");
    var url = form.getAttribute("data-progress-url");
    box.hidden = false;
    var timer = window.setInterval(function () {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (!data.total) return;
          bar.max = data.total;
          bar.value = data.done;
          text.textContent = data.done + " / " + data.total;
          if (data.done >= data.total) window.clearInterval(timer);
        })
        .catch(function () { window.clearInterval(timer); });
    }, 700);
  });
})();
