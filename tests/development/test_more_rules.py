"""The rules added for issue 19's "Done when": 年满十八岁 at the application, the 公示 before the
预审 and the 支部大会, 取消预备党员资格, the bounds of 延长预备期, and a published meeting
whose roll is not confirmed. Each at its boundary: the day before refused, the day itself
accepted. The clock is fixed on 2027-09-01 (Anren)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from development import rules as R
from development.forms import StepForm
from development.models import Applicant, Stage, Step, StepKind, WithdrawalReason
from development.services import record_step
from meetings.models import MeetingKind, MeetingStatus
from members.models import MemberStatus, StatusChange, Transition
from tests.development.conftest import general_meeting, new_applicant
from tests.development.test_services import admitted, refused, to_candidate
from tests.factories import MeetingFactory

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2027-09-01 10:00 +0800", tick=False)]


# --- 年满十八岁 (细则 第五条, 党章 第一条) --------------------------------------------------------


def test_an_application_the_day_before_the_eighteenth_birthday_is_refused_and_the_day_of_accepted(branch1, secretary1):
    with pytest.raises(ValidationError) as caught:
        new_applicant(branch1, D(2026, 8, 31), secretary1, name="少年甲", born=D(2008, 9, 1))
    message = " ".join(caught.value.message_dict["applied_on"])
    assert "第五条" in message and "2026-09-01" in message
    assert not Applicant.objects.filter(name="少年甲").exists() and not Step.objects.exists()
    applicant = new_applicant(branch1, D(2026, 9, 1), secretary1, name="少年甲", born=D(2008, 9, 1))
    assert applicant.stage == Stage.APPLICANT


def test_born_on_the_29th_of_february_one_may_apply_from_the_28th_eighteen_years_on(branch1, secretary1):
    with pytest.raises(ValidationError):
        new_applicant(branch1, D(2026, 2, 27), secretary1, name="闰日生", born=D(2008, 2, 29))
    assert new_applicant(branch1, D(2026, 2, 28), secretary1, name="闰日生", born=D(2008, 2, 29)).pk


def test_the_application_page_says_too_young_in_chinese_and_writes_nothing(client_for, secretary1, branch1):
    from tests.factories import valid_id_number

    client = client_for(secretary1)
    response = client.post(
        "/development/new/",
        {
            "branch": branch1.pk,
            "name": "少年乙",
            "gender": "male",
            "ethnicity": "汉族",
            "birth_date": "2010-01-01",
            "id_number": valid_id_number(D(2010, 1, 1)),
            "applied_on": "2027-08-01",
            "category": "direct",
        },
    )
    assert response.status_code in (200, 400)
    assert "第五条" in response.content.decode() and "2028-01-01" in response.content.decode()
    assert not Applicant.objects.filter(name="少年乙").exists()


# --- 公示: five working days, before the 预审 and the 支部大会 ---------------------------------


def test_five_working_days_from_a_friday_end_on_the_thursday_after():
    assert R.working_days(D(2026, 4, 3), D(2026, 4, 9)) == 5  # Fri, Mon, Tue, Wed, Thu
    assert R.publicity_earliest_end(D(2026, 4, 3)) == D(2026, 4, 9)
    assert R.publicity_earliest_end(D(2026, 4, 1)) == D(2026, 4, 7)  # a Wednesday


def candidate_for_publicity(make_applicant, secretary1, roll, day=datetime.date(2026, 4, 1)):
    applicant = to_candidate(make_applicant(D(2025, 1, 5)), secretary1, roll)
    record_step(applicant, StepKind.SPONSORS, done_on=day, user=secretary1, people=roll[:2])
    record_step(applicant, StepKind.POLITICAL_REVIEW, done_on=day, user=secretary1)
    record_step(applicant, StepKind.TRAINING, done_on=day, user=secretary1, hours=24)
    return applicant


def test_a_public_notice_of_four_working_days_is_refused_and_five_accepted(make_applicant, secretary1, roll):
    applicant = candidate_for_publicity(make_applicant, secretary1, roll)
    message = refused(
        "ends_on", record_step, applicant, StepKind.PUBLICITY, done_on=D(2026, 4, 3), ends_on=D(2026, 4, 8)
    )
    assert "2026-04-09" in message and "5" in message
    assert not applicant.steps.filter(kind=StepKind.PUBLICITY).exists()
    refused("ends_on", record_step, applicant, StepKind.PUBLICITY, done_on=D(2026, 4, 3))
    record_step(applicant, StepKind.PUBLICITY, done_on=D(2026, 4, 3), ends_on=D(2026, 4, 9), user=secretary1)
    applicant.refresh_from_db()
    assert (applicant.publicized_on, applicant.publicity_ends_on) == (D(2026, 4, 3), D(2026, 4, 9))
    refused("kind", record_step, applicant, StepKind.PUBLICITY, done_on=D(2026, 4, 10), ends_on=D(2026, 4, 20))


def test_the_pre_review_waits_for_the_end_of_the_public_notice(make_applicant, secretary1, roll):
    applicant = candidate_for_publicity(make_applicant, secretary1, roll)
    message = refused("kind", record_step, applicant, StepKind.PRE_REVIEW, done_on=D(2026, 4, 20))
    assert "公示" in message
    record_step(applicant, StepKind.PUBLICITY, done_on=D(2026, 4, 3), ends_on=D(2026, 4, 9), user=secretary1)
    assert R.next_timer(applicant, R.rules_for(applicant.branch.committee)).earliest == D(2026, 4, 10)
    message = refused("done_on", record_step, applicant, StepKind.PRE_REVIEW, done_on=D(2026, 4, 9))
    assert "公示" in message and "2026-04-10" in message
    record_step(applicant, StepKind.PRE_REVIEW, done_on=D(2026, 4, 10), user=secretary1)
    applicant.refresh_from_db()
    assert applicant.pre_reviewed_on == D(2026, 4, 10)


def test_the_general_meeting_cannot_admit_without_the_public_notice(make_applicant, secretary1, roll, branch1):
    applicant = candidate_for_publicity(make_applicant, secretary1, roll)
    meeting = general_meeting(branch1, D(2026, 5, 8), roll, present=4)
    message = refused(
        "kind",
        record_step,
        applicant,
        StepKind.ADMISSION,
        done_on=D(2026, 5, 8),
        meeting=meeting,
        votes_for=4,
        user=secretary1,
    )
    assert "公示" in message
    assert applicant.stage == Stage.CANDIDATE and not applicant.steps.filter(kind=StepKind.ADMISSION).exists()


# --- 取消预备党员资格 (党章 第七条) ---------------------------------------------------------------


def test_a_probationary_member_found_unqualified_is_cancelled_by_the_general_meeting(
    make_applicant, secretary1, roll, branch1
):
    applicant = admitted(make_applicant, secretary1, roll, branch1, on=D(2026, 5, 8))
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 6, 1), user=secretary1)
    member = applicant.member
    meeting = general_meeting(branch1, D(2027, 5, 10), roll, present=4)
    values = {"done_on": D(2027, 5, 10), "meeting": meeting, "votes_for": 4, "user": secretary1}
    # Without the higher organisation's approval: refused, nothing written.
    message = refused("document_no", record_step, applicant, StepKind.DISQUALIFICATION, **values)
    assert "第七条" in message
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE and applicant.stage == Stage.PROBATIONARY
    # Without a majority of the general meeting: refused too.
    refused("votes_for", record_step, applicant, StepKind.DISQUALIFICATION, **(values | {"votes_for": 2}))
    record_step(applicant, StepKind.DISQUALIFICATION, document_no="安流党〔2027〕20号", **values)
    applicant.refresh_from_db()
    member.refresh_from_db()
    assert applicant.stage == Stage.WITHDRAWN and applicant.withdrawal_reason == WithdrawalReason.DISQUALIFIED
    assert applicant.withdrawn_on == D(2027, 5, 10) and applicant.next_step == ""
    assert applicant.steps.get(kind=StepKind.DISQUALIFICATION).meeting == meeting
    assert member.status == MemberStatus.REMOVED and member.status_since == D(2027, 5, 10)
    change = StatusChange.objects.get(member=member, transition=Transition.REMOVED)
    assert change.approved_by == "安流党〔2027〕20号" and "讨论接收预备党员" in change.decision


def test_a_candidate_is_not_cancelled_as_a_probationary_member(make_applicant, secretary1, roll, branch1):
    applicant = admitted(make_applicant, secretary1, roll, branch1, on=D(2026, 5, 8))
    meeting = general_meeting(branch1, D(2026, 5, 20), roll, present=4)
    message = refused(
        "kind",
        record_step,
        applicant,
        StepKind.DISQUALIFICATION,
        done_on=D(2026, 5, 20),
        meeting=meeting,
        votes_for=4,
        document_no="x",
        user=secretary1,
    )
    assert "第二章至第五章" in message


# --- 延长预备期: once, six months to a year -------------------------------------------------------


def test_an_extension_of_thirteen_months_is_refused_and_twelve_accepted(make_applicant, secretary1, roll, branch1):
    applicant = admitted(make_applicant, secretary1, roll, branch1, on=D(2026, 5, 8))
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 6, 1), user=secretary1)
    meeting = general_meeting(branch1, D(2027, 5, 8), roll, present=4)
    values = {"done_on": D(2027, 5, 8), "meeting": meeting, "votes_for": 4, "user": secretary1}
    refused("months", record_step, applicant, StepKind.EXTENSION, months=13, **values)
    record_step(applicant, StepKind.EXTENSION, months=12, **values)
    assert applicant.probation_ends_on == D(2028, 5, 8)


def test_an_extension_the_day_before_the_probation_ends_is_refused(make_applicant, secretary1, roll, branch1):
    applicant = admitted(make_applicant, secretary1, roll, branch1, on=D(2026, 5, 8))
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 6, 1), user=secretary1)
    meeting = general_meeting(branch1, D(2027, 5, 7), roll, present=4)
    message = refused(
        "done_on",
        record_step,
        applicant,
        StepKind.EXTENSION,
        done_on=D(2027, 5, 7),
        meeting=meeting,
        votes_for=4,
        months=6,
        user=secretary1,
    )
    assert "2027-05-08" in message


# --- a published meeting of the branch ----------------------------------------------------------


def test_a_published_meeting_is_offered_and_refused_until_its_roll_is_confirmed(
    make_applicant, secretary1, roll, branch1
):
    applicant = new_applicant(branch1, D(2027, 6, 1), secretary1)
    record_step(applicant, StepKind.TALK, done_on=D(2027, 6, 10), user=secretary1)
    published = MeetingFactory(
        branch=branch1,
        kind=MeetingKind.COMMITTEE,
        held_on=D(2027, 9, 1),
        status=MeetingStatus.PLANNED,
        topic="研究发展党员工作",
    )
    later = MeetingFactory(
        branch=branch1, kind=MeetingKind.COMMITTEE, held_on=D(2027, 9, 8), status=MeetingStatus.PLANNED
    )
    form = StepForm(applicant=applicant, kind=StepKind.ACTIVIST, user=secretary1)
    field = form.fields["meeting"]
    choices = {meeting.pk: field.label_from_instance(meeting) for meeting in field.queryset}
    assert published.pk in choices and later.pk not in choices  # not a meeting still to come
    assert "研究发展党员工作" in choices[published.pk] and "待确认" in choices[published.pk]
    message = refused(
        "meeting",
        record_step,
        applicant,
        StepKind.ACTIVIST,
        done_on=D(2027, 9, 1),
        meeting=published,
        people=roll[:1],
        way="recommended",
        user=secretary1,
    )
    assert "确认" in message
    published.status = MeetingStatus.HELD
    published.save()
    record_step(
        applicant,
        StepKind.ACTIVIST,
        done_on=D(2027, 9, 1),
        meeting=published,
        people=roll[:1],
        way="recommended",
        user=secretary1,
    )
    assert applicant.stage == Stage.ACTIVIST


def test_the_admission_is_too_early_until_the_day_after_the_public_notice_ends(make_applicant, secretary1, roll):
    applicant = candidate_for_publicity(make_applicant, secretary1, roll)
    record_step(applicant, StepKind.PUBLICITY, done_on=D(2026, 4, 3), ends_on=D(2026, 4, 9), user=secretary1)
    record_step(applicant, StepKind.PRE_REVIEW, done_on=D(2026, 4, 10), user=secretary1)
    timer = R.next_timer(applicant, R.rules_for(applicant.branch.committee))
    assert (timer.step, timer.earliest, timer.deadline) == (StepKind.ADMISSION, D(2026, 4, 10), None)
    assert timer.state(D(2026, 4, 9)) == R.TimerState.TOO_EARLY
    assert timer.state(D(2026, 4, 10)) == R.TimerState.DUE
