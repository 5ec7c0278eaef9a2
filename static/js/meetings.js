// The meeting form: live 应到 / 实到 / 请假 / 缺席 counts, the quorum warning, the
// reason box only for members on leave, and the 支委会 roll (branch committee only).
(function () {
  "use strict";
  const form = document.querySelector("[data-meeting-form]");
  if (!form) return;
  const kind = form.querySelector("[name=kind]");
  const hasVote = form.querySelector("[name=has_vote]");
  const heldOn = form.querySelector("[name=held_on]");
  const rows = Array.from(form.querySelectorAll("[data-member]"));
  const warning = form.querySelector("[data-quorum-warning]");

  const statusOf = (row) => {
    const checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "none";
  };
  const choose = (row, value) => {
    const input = row.querySelector(`input[type=radio][value="${value}"]`);
    if (input) input.checked = true;
  };

  function update() {
    const counts = { expected: 0, present: 0, excused: 0, absent: 0 };
    let votingExpected = 0;
    let votingPresent = 0;
    const day = heldOn ? heldOn.value : "";
    rows.forEach((row) => {
      const status = statusOf(row);
      row.querySelector("[data-reason]").hidden = status !== "excused";
      if (status === "none") return;
      counts.expected += 1;
      counts[status] += 1;
      const full = row.dataset.full;
      // 正式党员 on the day of the meeting have a vote; probationary members do not.
      if (full && (!day || full <= day)) {
        votingExpected += 1;
        if (status === "present") votingPresent += 1;
      }
    });
    Object.entries(counts).forEach(([name, value]) => {
      const target = form.querySelector(`[data-count="${name}"]`);
      if (target) target.textContent = value;
    });
    let rule = null;
    let met = true;
    if (kind && kind.value === "committee") {
      rule = "committee";
      met = counts.present * 2 > counts.expected;
    } else if (kind && kind.value === "general" && hasVote && hasVote.checked) {
      rule = "general";
      met = votingPresent * 2 > votingExpected;
    }
    warning.hidden = met;
    warning.querySelectorAll("[data-quorum-rule]").forEach((span) => {
      span.hidden = span.dataset.quorumRule !== rule;
    });
  }

  if (kind) {
    kind.addEventListener("change", () => {
      // A 支委会 expects the branch committee; other meetings the whole roll.
      rows.forEach((row) => {
        if (kind.value === "committee") {
          choose(row, row.dataset.committee === "1" ? "present" : "none");
        } else if (statusOf(row) === "none") {
          choose(row, "present");
        }
      });
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
