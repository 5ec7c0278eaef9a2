// Every page's form helpers (no inline scripts: the Content-Security-Policy forbids them).
// - Date inputs ([data-datepicker], lib.widgets.DateInput): flatpickr's calendar in Chinese,
//   YYYY-MM-DD whatever the browser's language; typing 2027/2/20 or 2027年2月20日 works too
//   (the server reads those forms as well).
// - File inputs (.file-picker, templates/includes/file_picker.html): the chosen files' names.
// - Pagers ([data-pager]): a new page size reloads the list at its first page.
// - Batch forms ([data-batch]): tick all on the page, the count ticked, all that match.
(function () {
  "use strict";
  var CHINESE_DATE = /^\s*(\d{4})\s*[-\/.年]\s*(\d{1,2})\s*[-\/.月]\s*(\d{1,2})\s*日?\s*$/;

  function toHalfWidth(text) {
    return text.replace(/[\uff10-\uff19\uff0d\uff0f\uff0e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  function parseDate(text) {
    var match = CHINESE_DATE.exec(toHalfWidth(String(text)));
    if (!match) { return undefined; }
    var year = +match[1], month = +match[2], day = +match[3];
    var date = new Date(year, month - 1, day);
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) { return undefined; }
    return date;
  }

  function startDatePickers(root) {
    if (!window.flatpickr) { return; }
    var chinese = document.documentElement.lang !== "en" && window.flatpickr.l10ns && window.flatpickr.l10ns.zh;
    root.querySelectorAll("input[data-datepicker]").forEach(function (input) {
      if (input._flatpickr) { return; }
      window.flatpickr(input, {
        dateFormat: "Y-m-d",
        allowInput: true,
        // Never the phone's own picker: it follows the phone's language.
        disableMobile: true,
        locale: chinese || "default",
        // Read what is typed as the server does; flatpickr writes it back as YYYY-MM-DD.
        parseDate: parseDate
      });
      // A whole date typed in: the calendar has nothing more to offer and closes, so it
      // never lies over the form's button (on a phone it covers half the screen).
      // (Only closed: the value is read when the box is left, so typing 2027-02-2… on to
      // 2027-02-20 is never rewritten half-way.)
      input.addEventListener("input", function () {
        if (parseDate(input.value) && input._flatpickr) { input._flatpickr.close(); }
      });
    });
  }

  function startFilePickers(root) {
    root.querySelectorAll(".file-picker").forEach(function (picker) {
      var input = picker.querySelector("input[type=file]");
      var name = picker.querySelector(".file-picker-name");
      if (!input || !name) { return; }
      input.addEventListener("change", function () {
        var names = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
        name.textContent = names.length ? names.join("、") : name.getAttribute("data-empty");
      });
    });
  }

  function startPagers(root) {
    root.querySelectorAll("[data-pager] select[name=per_page]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  // Batch forms ([data-batch]): the page's tick-all box, the count of ticked rows, and
  // "every row the filter matches" (then the ticks do not matter: the server takes the filter).
  function startBatches(root) {
    root.querySelectorAll("form[data-batch]").forEach(function (form) {
      var boxes = form.querySelectorAll("input[name=ids]");
      var page = form.querySelector("[data-batch-page]");
      var all = form.querySelector("[data-batch-all]");
      var count = form.querySelector("[data-batch-count] b");
      function update() {
        var ticked = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
        if (count) { count.textContent = all && all.checked ? all.nextElementSibling.textContent : String(ticked); }
        if (page) { page.checked = ticked > 0 && ticked === boxes.length; page.indeterminate = ticked > 0 && ticked < boxes.length; }
      }
      boxes.forEach(function (box) { box.addEventListener("change", update); });
      if (page) {
        page.addEventListener("change", function () {
          boxes.forEach(function (box) { box.checked = page.checked; });
          update();
        });
      }
      if (all) { all.addEventListener("change", update); }
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startDatePickers(document);
    startFilePickers(document);
    startPagers(document);
    startBatches(document);
  });
  // Forms that htmx swaps in get the same.
  document.addEventListener("htmx:load", function (event) {
    startDatePickers(event.target);
    startFilePickers(event.target);
  });
})();
