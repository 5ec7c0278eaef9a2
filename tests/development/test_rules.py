"""The 细则's timers, each at its boundary, with a fixed clock (the dates are in the names)."""

import datetime

import pytest
import time_machine

from development import rules as R
from development.models import Applicant, DevelopmentRules, Stage, StepKind
from development.services import record_step, refresh_timers
from tests.factories import MemberFactory

D = datetime.date
NATIONAL = DevelopmentRules()


def record(**dates):
    values = {"stage": Stage.APPLICANT, "applied_on": D(2026, 1, 31), "training_hours": 0} | dates
    return Applicant(**values)


def state(timer, day):
    return timer.state(day)


# --- 细则 第七条: the talk within a month of the application -----------------------------


def test_the_talk_is_due_up_to_a_month_after_the_application_and_overdue_the_day_after():
    timer = R.timers(record(applied_on=D(2026, 3, 15)), NATIONAL)[0]
    assert timer.step == StepKind.TALK and timer.deadline == D(2026, 4, 15)
    assert timer.state(D(2026, 4, 15)) == R.TimerState.DUE
    assert timer.state(D(2026, 4, 16)) == R.TimerState.OVERDUE


def test_an_application_on_the_31st_of_january_is_talked_with_by_the_last_of_february():
    timer = R.timers(record(applied_on=D(2026, 1, 31)), NATIONAL)[0]
    assert timer.deadline == D(2026, 2, 28)
    assert timer.state(D(2026, 3, 1)) == R.TimerState.OVERDUE


def test_once_the_talk_is_held_the_next_step_is_the_activist_with_no_national_minimum():
    timers = R.timers(record(applied_on=D(2026, 3, 15), talked_on=D(2026, 3, 20)), NATIONAL)
    assert [t.step for t in timers] == [StepKind.ACTIVIST]
    assert timers[0].state(D(2026, 3, 15)) == R.TimerState.DUE


def test_a_committee_that_asks_six_months_before_the_activist_makes_it_too_early_until_then():
    rules = DevelopmentRules(application_min_months=6)
    timer = R.timers(record(applied_on=D(2026, 3, 15), talked_on=D(2026, 3, 20)), rules)[0]
    assert timer.state(D(2026, 9, 14)) == R.TimerState.TOO_EARLY
    assert timer.state(D(2026, 9, 15)) == R.TimerState.DUE


# --- 细则 第十一条, 第十三条: the activist's year and the half-yearly assessment --------------


def activist(**dates):
    return record(**({"stage": Stage.ACTIVIST, "talked_on": D(2025, 3, 1), "activist_on": D(2025, 3, 10)} | dates))


def test_an_activist_is_too_early_for_candidate_the_day_before_the_year_is_full():
    timer = next(t for t in R.timers(activist(), NATIONAL) if t.step == StepKind.CANDIDATE)
    assert timer.earliest == D(2026, 3, 10)
    assert timer.state(D(2026, 3, 9)) == R.TimerState.TOO_EARLY
    assert timer.state(D(2026, 3, 10)) == R.TimerState.DUE


def test_an_activist_of_the_29th_of_february_is_a_candidate_from_the_28th_a_year_on():
    timer = next(t for t in R.timers(activist(activist_on=D(2028, 2, 29)), NATIONAL) if t.step == StepKind.CANDIDATE)
    assert timer.earliest == D(2029, 2, 28)


def test_the_assessment_is_due_six_months_after_the_last_one():
    timer = next(t for t in R.timers(activist(assessed_on=D(2025, 9, 30)), NATIONAL) if t.step == StepKind.ASSESSMENT)
    assert timer.deadline == D(2026, 3, 30)
    assert timer.state(D(2026, 3, 30)) == R.TimerState.DUE
    assert timer.state(D(2026, 3, 31)) == R.TimerState.OVERDUE


def test_the_first_assessment_counts_from_the_day_the_person_became_an_activist():
    timer = next(t for t in R.timers(activist(), NATIONAL) if t.step == StepKind.ASSESSMENT)
    assert timer.deadline == D(2025, 9, 10)


def test_the_board_files_an_activist_under_the_overdue_assessment_before_the_candidate_step():
    timer = R.next_timer(activist(), NATIONAL)
    assert timer.step == StepKind.ASSESSMENT


# --- the approval within three months, six at most ------------------------------------------


def candidate(**dates):
    values = {
        "stage": Stage.CANDIDATE,
        "activist_on": D(2024, 1, 10),
        "candidate_on": D(2025, 2, 1),
        "reviewed_on": D(2025, 3, 1),
        "training_hours": 24,
        "pre_reviewed_on": D(2025, 4, 1),
    }
    return record(**(values | dates))


def test_the_approval_is_due_three_months_after_the_general_meeting_and_overdue_the_day_after():
    timer = R.timers(candidate(admitted_on=D(2025, 11, 30)), NATIONAL)[0]
    assert timer.step == StepKind.APPROVAL and timer.deadline == D(2026, 2, 28)
    assert timer.state(D(2026, 2, 28)) == R.TimerState.DUE
    assert timer.state(D(2026, 3, 1)) == R.TimerState.OVERDUE


def test_the_hard_limit_of_the_approval_is_six_months():
    assert R.approval_limit(D(2025, 8, 31)) == D(2026, 2, 28)


# --- 党章 第七条, 细则 第三十二条: the probation ------------------------------------------------


def probationary(**dates):
    values = {"admitted_on": D(2025, 6, 18), "approved_on": D(2025, 8, 1), "probation_ends_on": D(2026, 6, 18)}
    return record(stage=Stage.PROBATIONARY, **(values | dates))


def test_the_probation_ends_a_year_after_the_general_meeting_and_an_extension_adds_to_it():
    assert R.probation_end(D(2025, 6, 18)) == D(2026, 6, 18)
    assert R.probation_end(D(2025, 6, 18), 6) == D(2026, 12, 18)
    assert R.probation_end(D(2024, 2, 29)) == D(2025, 2, 28)


def test_the_conversion_is_too_early_the_day_before_the_probation_ends_and_due_on_the_day():
    timer = next(t for t in R.timers(probationary(), NATIONAL) if t.step == StepKind.CONVERSION)
    assert timer.state(D(2026, 6, 17)) == R.TimerState.TOO_EARLY
    assert timer.state(D(2026, 6, 18)) == R.TimerState.DUE
    # 及时: the house reading is a month.
    assert timer.state(D(2026, 7, 18)) == R.TimerState.DUE
    assert timer.state(D(2026, 7, 19)) == R.TimerState.OVERDUE


def test_the_conversion_approval_is_due_three_months_after_the_conversion_meeting():
    timer = R.timers(probationary(converted_on=D(2026, 6, 20), sworn_on=D(2025, 8, 5)), NATIONAL)[0]
    assert timer.step == StepKind.CONVERSION_APPROVAL
    assert timer.state(D(2026, 9, 20)) == R.TimerState.DUE
    assert timer.state(D(2026, 9, 21)) == R.TimerState.OVERDUE


def test_a_probationary_member_who_has_not_sworn_has_the_oath_open_without_a_deadline():
    steps = [t.step for t in R.timers(probationary(), NATIONAL)]
    assert StepKind.OATH in steps


# --- the stored copy the board filters on, and the 待办 hook ---------------------------------


@pytest.mark.django_db
@time_machine.travel("2026-03-10 09:00 +0800", tick=False)
def test_a_new_record_is_on_the_board_under_the_talk_due_a_month_on(make_applicant):
    applicant = make_applicant(D(2026, 3, 1))
    assert (applicant.next_step, applicant.next_deadline) == (StepKind.TALK, D(2026, 4, 1))


@pytest.mark.django_db
@time_machine.travel("2026-03-10 09:00 +0800", tick=False)
def test_changing_the_committee_rules_moves_the_timers(make_applicant, committee, secretary1, branch1):
    contact = MemberFactory(branch=branch1)
    applicant = make_applicant(D(2026, 3, 1))
    record_step(applicant, StepKind.TALK, done_on=D(2026, 3, 5), user=secretary1)
    record_step(applicant, StepKind.ACTIVIST, done_on=D(2026, 3, 10), user=secretary1, people=[contact])
    assert applicant.next_deadline == D(2026, 9, 10)
    # A committee that assesses its activists every quarter (stricter than the 细则's half year).
    DevelopmentRules.objects.create(committee=committee, assessment_every_months=3)
    refresh_timers(Applicant.objects.filter(pk=applicant.pk).select_related("branch__committee"))
    applicant.refresh_from_db()
    assert (applicant.next_step, applicant.next_deadline) == (StepKind.ASSESSMENT, D(2026, 6, 10))
