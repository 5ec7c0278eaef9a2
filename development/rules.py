"""The 细则's time limits and the order of its steps, as plain functions of a record and a day.

中国共产党发展党员工作细则 (中共中央办公厅, 2014), with the 党章 where it says the same.
Nothing here writes: ``development.services`` asks these functions before it records a
step, and the board shows what they answer. A committee's ``DevelopmentRules`` may read
a limit differently where Anren does; every default is the national rule.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from development.models import DevelopmentRules, Stage, StepKind
from lib.months import add_months

# The 党章 and the 细则: a probation lasts one year from the general meeting that admitted
# the member (党章 第七条, 细则 第三十二条); an extension lasts six months to a year, once.
PROBATION_MONTHS = 12
EXTENSION_MIN_MONTHS = 6
EXTENSION_MAX_MONTHS = 12
# The higher committee may take up to six months in special cases; past that the
# admission has to go back to the general meeting.
APPROVAL_LIMIT_MONTHS = 6
SPONSORS_NEEDED = 2  # 细则 第十四条
# 细则 第五条 (党章 第一条): 年满十八岁 … 可以申请加入中国共产党 — on the day of the application.
MIN_AGE_YEARS = 18
# 公示: the branch publishes a candidate it means to admit, for at least five working days
# (the house reading of the 公示制; Monday to Friday, holidays not known to the registry).
PUBLICITY_MIN_WORKING_DAYS = 5
CONTACTS_MAX = 2  # one or two full members as contacts (培养联系人)

# Where each step stands: its stage before, and the stage it moves the record to.
STEP_STAGE = {
    StepKind.TALK: Stage.APPLICANT,
    StepKind.ACTIVIST: Stage.APPLICANT,
    StepKind.ASSESSMENT: Stage.ACTIVIST,
    StepKind.CANDIDATE: Stage.ACTIVIST,
    StepKind.SPONSORS: Stage.CANDIDATE,
    StepKind.POLITICAL_REVIEW: Stage.CANDIDATE,
    StepKind.TRAINING: Stage.CANDIDATE,
    StepKind.PUBLICITY: Stage.CANDIDATE,
    StepKind.PRE_REVIEW: Stage.CANDIDATE,
    StepKind.ADMISSION: Stage.CANDIDATE,
    StepKind.APPROVAL: Stage.CANDIDATE,
    StepKind.OATH: Stage.PROBATIONARY,
    StepKind.EXTENSION: Stage.PROBATIONARY,
    StepKind.CONVERSION: Stage.PROBATIONARY,
    StepKind.CONVERSION_APPROVAL: Stage.PROBATIONARY,
    StepKind.DISQUALIFICATION: Stage.PROBATIONARY,
}
STEP_MOVES_TO = {
    StepKind.ACTIVIST: Stage.ACTIVIST,
    StepKind.CANDIDATE: Stage.CANDIDATE,
    StepKind.APPROVAL: Stage.PROBATIONARY,
    StepKind.CONVERSION_APPROVAL: Stage.FULL,
}
# The steps a meeting of the branch decides, and which kind of meeting.
COMMITTEE_DECIDES = {StepKind.ACTIVIST, StepKind.CANDIDATE}  # 支部委员会 (or the general meeting)
# 党章 第七条: 转正, 延长预备期 and 取消预备党员资格 all pass the general meeting.
GENERAL_MEETING_DECIDES = {
    StepKind.ADMISSION,
    StepKind.EXTENSION,
    StepKind.CONVERSION,
    StepKind.DISQUALIFICATION,
}  # 支部大会


class TimerState:
    TOO_EARLY = "too_early"
    DUE = "due"
    OVERDUE = "overdue"


TIMER_STATE_LABELS = {
    TimerState.TOO_EARLY: _("Too early"),
    TimerState.DUE: _("Due"),
    TimerState.OVERDUE: _("Overdue"),
}


@dataclass(frozen=True)
class Timer:
    """The next step of a record with the first day it may be taken and the last day it is on time."""

    step: str
    earliest: datetime.date | None
    deadline: datetime.date | None
    rule: str

    def state(self, today: datetime.date) -> str:
        if self.earliest and today < self.earliest:
            return TimerState.TOO_EARLY
        if self.deadline and today > self.deadline:
            return TimerState.OVERDUE
        return TimerState.DUE


def rules_for(committee) -> DevelopmentRules:
    """The committee's rules, or the national ones where it has set none (not saved)."""
    try:
        return committee.development_rules
    except DevelopmentRules.DoesNotExist:
        return DevelopmentRules(committee=committee)


def probation_end(admitted_on: datetime.date, extension_months: int = 0) -> datetime.date:
    """细则 第三十二条, 党章 第七条: a year from the general meeting, plus an extension if one was decided."""
    return add_months(admitted_on, PROBATION_MONTHS + extension_months)


def old_enough_on(birth_date: datetime.date) -> datetime.date:
    """The 18th birthday (细则 第五条): the first day an application may be dated. Born on the
    29th of February, the 28th of February of a common year."""
    return add_months(birth_date, 12 * MIN_AGE_YEARS)


def working_days(first: datetime.date, last: datetime.date) -> int:
    """Monday-to-Friday days from ``first`` to ``last``, both counted."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    extra = sum(1 for n in range(rest) if (first.weekday() + n) % 7 < 5)
    return weeks * 5 + extra


def publicity_earliest_end(start: datetime.date) -> datetime.date:
    """The first day a 公示 that began on ``start`` may end (five working days counted)."""
    day = start
    while working_days(start, day) < PUBLICITY_MIN_WORKING_DAYS:
        day += datetime.timedelta(days=1)
    return day


def talk_deadline(applied_on, rules):
    """细则 第七条: the organisation talks with the applicant within a month of the application."""
    return add_months(applied_on, rules.talk_within_months)


def activist_earliest(applied_on, rules):
    """No minimum in the 细则 (0); a committee may ask for some months after the application."""
    return add_months(applied_on, rules.application_min_months)


def candidate_earliest(activist_on, rules):
    """细则 第十三条: an activist after a year or more (一年以上, the year itself included)."""
    return add_months(activist_on, rules.activist_min_months)


def assessment_deadline(activist_on, assessed_on, rules):
    """细则 第十一条: the branch assesses an activist every half year."""
    return add_months(assessed_on or activist_on, rules.assessment_every_months)


def approval_deadline(admitted_on, rules):
    """The higher committee decides on the general meeting's resolution within three months."""
    return add_months(admitted_on, rules.approval_within_months)


def approval_limit(admitted_on):
    """Six months at most, even in special cases."""
    return add_months(admitted_on, APPROVAL_LIMIT_MONTHS)


def conversion_deadline(probation_ends_on, rules):
    """细则 第三十二条: when the probation ends the branch discusses the conversion promptly."""
    return add_months(probation_ends_on, rules.conversion_within_months)


def timers(applicant, rules) -> list[Timer]:
    """Every open step of the record with its limits, most pressing first."""
    a = applicant
    found = []
    if a.stage == Stage.APPLICANT:
        if not a.talked_on:
            found.append(Timer(StepKind.TALK, a.applied_on, talk_deadline(a.applied_on, rules), "细则第七条"))
        found.append(Timer(StepKind.ACTIVIST, activist_earliest(a.applied_on, rules), None, "细则第八条"))
    elif a.stage == Stage.ACTIVIST:
        found.append(
            Timer(StepKind.ASSESSMENT, None, assessment_deadline(a.activist_on, a.assessed_on, rules), "细则第十一条")
        )
        found.append(Timer(StepKind.CANDIDATE, candidate_earliest(a.activist_on, rules), None, "细则第十三条"))
    elif a.stage == Stage.CANDIDATE:
        if a.admitted_on:
            found.append(Timer(StepKind.APPROVAL, a.admitted_on, approval_deadline(a.admitted_on, rules), "细则第四章"))
        else:
            for step in missing_for_admission(a, rules):
                earliest = a.candidate_on
                if step == StepKind.PRE_REVIEW and a.publicity_ends_on:
                    earliest = a.publicity_ends_on + datetime.timedelta(days=1)  # the 公示 first
                found.append(Timer(step, earliest, None, "细则第十九条"))
            if not found:
                earliest = max(a.pre_reviewed_on, a.publicity_ends_on + datetime.timedelta(days=1))
                found.append(Timer(StepKind.ADMISSION, earliest, None, "细则第二十条"))
    elif a.stage == Stage.PROBATIONARY:
        if a.converted_on:
            found.append(
                Timer(
                    StepKind.CONVERSION_APPROVAL,
                    a.converted_on,
                    approval_deadline(a.converted_on, rules),
                    "细则第三十三条",
                )
            )
        else:
            found.append(
                Timer(
                    StepKind.CONVERSION,
                    a.probation_ends_on,
                    conversion_deadline(a.probation_ends_on, rules),
                    "细则第三十二条",
                )
            )
        if not a.sworn_on:
            found.append(Timer(StepKind.OATH, a.approved_on, None, "党章第六条"))
    return found


def next_timer(applicant, rules) -> Timer | None:
    """The one timer the board files the record under: an overdue limit before anything else,
    then the step that moves the record on."""
    found = timers(applicant, rules)
    if not found:
        return None
    with_deadline = sorted((t for t in found if t.deadline), key=lambda t: t.deadline)
    if with_deadline:
        return with_deadline[0]
    return found[0]


def missing_for_admission(applicant, rules) -> list[str]:
    """What a 发展对象 still lacks before the general meeting may discuss the admission."""
    a = applicant
    missing = []
    if not a.reviewed_on:
        missing.append(StepKind.POLITICAL_REVIEW)  # 细则 第十六条
    if a.training_hours < rules.training_min_hours:
        missing.append(StepKind.TRAINING)  # 细则 第十七条
    if a.pk and a.sponsors.count() < SPONSORS_NEEDED:
        missing.append(StepKind.SPONSORS)  # 细则 第十四条
    if not a.publicized_on:
        missing.append(StepKind.PUBLICITY)  # 公示
    if not a.pre_reviewed_on:
        missing.append(StepKind.PRE_REVIEW)  # 细则 第十九条
    return missing


def can_sponsor(member, on: datetime.date) -> bool:
    """细则 第十四条: an 入党介绍人 is a full member (正式党员) on the day, on the roll."""
    return member.full_member_on is not None and member.full_member_on <= on and member.status == "active"


def meeting_passes(counts, votes_for: int | None) -> bool:
    """细则 第二十一条: more than half of the full members with a vote who should attend voted for it."""
    return votes_for is not None and votes_for * 2 > counts.voting_expected


# 待办 looks this far ahead for probations that end (issue 21).
SIXTY_DAYS = datetime.timedelta(days=60)
