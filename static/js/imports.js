// The background import's progress bar: asks the server every second until the import has
// finished, then reloads the page to show the result.
(function () {
  var box = document.getElementById("import-progress");
  if (!box) return;
  var bar = box.querySelector("[data-bar]");
  var label = box.querySelector("[data-label]");
  var done = box.querySelector("[data-done]");
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { setTimeout(poll, 2000); return; }
        bar.style.width = data.percent + "%";
        bar.parentNode.setAttribute("aria-valuenow", String(data.percent));
        label.textContent = data.label;
        done.textContent = String(data.done);
        if (data.finished) {
          if (data.status !== "failed") window.location.reload();
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  if (box.querySelector(".bg-danger")) return;
  poll();
})();
