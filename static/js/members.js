// Member pages: no inline scripts (a Content-Security-Policy is coming).
document.addEventListener("DOMContentLoaded", function () {
  var printButton = document.getElementById("print-button");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  // Status change: the branch field matters only for a transfer.
  var change = document.getElementById("id_transition");
  var branch = document.getElementById("div_id_branch");
  if (change && branch) {
    var sync = function () { branch.style.display = change.value === "move" ? "" : "none"; };
    change.addEventListener("change", sync);
    sync();
  }
});
