// Member pages: no inline scripts (a Content-Security-Policy is coming).
document.addEventListener("DOMContentLoaded", function () {
  var printButton = document.getElementById("print-button");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  // Transfer form: the receiving organisation for a transfer out, the committee and
  // branch for a transfer within the county.
  var kinds = document.querySelectorAll('input[name="kind"]');
  if (kinds.length) {
    var outside = ["div_id_organisation", "div_id_stays_as_mobile"];
    var within = ["div_id_to_committee", "div_id_to_branch"];
    var show = function (ids, visible) {
      ids.forEach(function (id) {
        var element = document.getElementById(id);
        if (element) { element.style.display = visible ? "" : "none"; }
      });
    };
    var syncKind = function () {
      var chosen = document.querySelector('input[name="kind"]:checked');
      var out = !chosen || chosen.value === "out";
      show(outside, out);
      show(within, !out);
    };
    kinds.forEach(function (input) { input.addEventListener("change", syncKind); });
    syncKind();
  }
});
