// The meeting form: live 应到 / 实到 / 请假 / 缺席 counts, each attendee's standing (有表决权 /
// 列席 / 预备) on the meeting's day, the quorum warning (党员大会, election, 支委会), the
// reason box only for members on leave, the 支委会 roll (branch committee only), and the
// roll's tools: 全部出席 / 全部缺席 and a name search.
(function () {
  "use strict";
  const form = document.querySelector("[data-meeting-form]");
  if (!form) return;
  const kind = form.querySelector("[name=kind]");
  const hasVote = form.querySelector("[name=has_vote]");
  const isElection = form.querySelector("[name=is_election]");
  const heldOn = form.querySelector("[name=held_on]");
  const rows = Array.from(form.querySelectorAll("[data-member]"));
  const warning = form.querySelector("[data-quorum-warning]");
  const search = form.querySelector("[data-roll-search]");
  const settings = form.dataset;
  const committeeSize = parseInt(settings.committeeSize || "0", 10);
  const generalPercent = parseInt(settings.generalPercent || "50", 10);
  const electionPercent = parseInt(settings.electionPercent || "80", 10);

  const statusOf = (row) => {
    const checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "none";
  };
  const choose = (row, value) => {
    const input = row.querySelector(`input[type=radio][value="${value}"]`);
    if (input) input.checked = true;
  };
  // The same rule as meetings/standing.py: 预备 before the full-membership day, 列席 for a
  // mobile member (unless the committee lets them vote here), a vote otherwise.
  const standingOf = (row, day) => {
    const full = row.dataset.full;
    if (!full || (day && full > day)) return "probationary";
    if (row.dataset.category === "mobile" && settings.mobileVotes !== "1") return "observer";
    return "voting";
  };

  function update() {
    const counts = { expected: 0, present: 0, excused: 0, absent: 0 };
    let votingExpected = 0;
    let votingPresent = 0;
    let committeePresent = 0;
    const day = heldOn ? heldOn.value : "";
    rows.forEach((row) => {
      const status = statusOf(row);
      const standing = standingOf(row, day);
      if (row.dataset.standing !== standing) {
        row.dataset.standing = standing;
        const badge = row.querySelector("[data-standing-label]");
        if (badge) {
          badge.className = `badge standing-badge standing-${standing}`;
          badge.textContent = settings[`label${standing[0].toUpperCase()}${standing.slice(1)}`] || standing;
        }
      }
      row.querySelector("[data-reason]").hidden = status !== "excused";
      if (status === "none") return;
      counts.expected += 1;
      counts[status] += 1;
      if (status === "present" && row.dataset.committee === "1") committeePresent += 1;
      if (standing === "voting") {
        votingExpected += 1;
        if (status === "present") votingPresent += 1;
      }
    });
    Object.entries(counts).forEach(([name, value]) => {
      const target = form.querySelector(`[data-count="${name}"]`);
      if (target) target.textContent = value;
    });
    const votingPresentTarget = form.querySelector('[data-count="voting-present"]');
    const votingExpectedTarget = form.querySelector('[data-count="voting-expected"]');
    if (votingPresentTarget) votingPresentTarget.textContent = votingPresent;
    if (votingExpectedTarget) votingExpectedTarget.textContent = votingExpected;
    let rule = null;
    let met = true;
    if (isElection && isElection.checked) {
      rule = "election";
      met = votingPresent * 100 > votingExpected * electionPercent;
    } else if (kind && kind.value === "committee") {
      // All current 委员 count, whether or not they were ticked on the roll.
      rule = "committee";
      met = committeeSize === 0 || committeePresent * 2 > committeeSize;
    } else if (kind && kind.value === "general" && hasVote && hasVote.checked) {
      rule = "general";
      met = votingPresent * 100 > votingExpected * generalPercent;
    }
    warning.hidden = met;
    warning.querySelectorAll("[data-quorum-rule]").forEach((span) => {
      span.hidden = span.dataset.quorumRule !== rule;
    });
  }

  // A 党小组会 of one group expects that group's members; the others are 不计应到.
  const group = form.querySelector("[name=party_group]");
  if (group) {
    group.addEventListener("change", () => {
      if (!group.value) return;
      rows.forEach((row) => {
        if (row.dataset.group === group.value) {
          if (statusOf(row) === "none") choose(row, "present");
        } else {
          choose(row, "none");
        }
      });
      update();
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
  // 全部出席 / 全部缺席: every expected member shown (the search narrows it), not those
  // marked 不计应到.
  form.querySelectorAll("[data-roll-all]").forEach((button) => {
    button.addEventListener("click", () => {
      rows.forEach((row) => {
        if (row.hidden || statusOf(row) === "none") return;
        choose(row, button.dataset.rollAll);
      });
      update();
    });
  });
  if (search) {
    search.addEventListener("input", () => {
      const needle = search.value.trim();
      rows.forEach((row) => {
        row.hidden = needle !== "" && !row.dataset.name.includes(needle);
      });
    });
    // Enter in the search box must not submit the meeting.
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
