// The bell in the top bar: the unread count, asked for after the page has loaded (so that no
// page pays a query for it) and again every minute.
(function () {
  var bell = document.getElementById("notification-bell");
  if (!bell) return;
  var badge = bell.querySelector("[data-unread]");
  function refresh() {
    fetch(bell.dataset.countUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        badge.textContent = data.unread > 99 ? "99+" : String(data.unread);
        badge.hidden = data.unread === 0;
      })
      .catch(function () {});
  }
  refresh();
  setInterval(refresh, 60000);
})();
