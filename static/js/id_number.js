// Reveal a full ID number on request (the server logs every reveal).
// Markup: <span id="id-number-42">431028********123X</span>
//         <button type="button" data-reveal-id-number="/members/42/id-number/" data-target="id-number-42"
//                 data-birth-target="birth-date-42">显示完整号码</button>
// The birth date beside a masked number shows only its year; the reveal fills in the whole date.
// The CSRF token comes from any form on the page (base.html's logout form has one).
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-reveal-id-number]");
    if (!button) {
      return;
    }
    event.preventDefault();
    button.disabled = true;
    fetch(button.getAttribute("data-reveal-id-number"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var target = document.getElementById(button.getAttribute("data-target"));
        if (target) {
          target.textContent = data.id_number;
        }
        var birth = document.getElementById(button.getAttribute("data-birth-target"));
        if (birth && data.birth_date) {
          birth.textContent = data.birth_date;
        }
        button.remove();
      })
      .catch(function () {
        button.disabled = false;
      });
  });
})();
