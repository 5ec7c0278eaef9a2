// The compliance matrix on a phone: the table scrolls sideways, so bring the current
// month's column into view (past the sticky branch column) when the page opens.
(function () {
  "use strict";
  const box = document.querySelector("[data-scroll-to-current]");
  if (!box) return;
  const cell = box.querySelector("td[data-current]");
  if (!cell) return;
  const sticky = box.querySelector(".sticky-col");
  const offset = sticky ? sticky.offsetWidth : 0;
  const left = cell.offsetLeft - offset - 8;
  if (left + cell.offsetWidth > box.clientWidth) box.scrollLeft = left;
})();
