"""Recording steps: the order of the stages, each rule's refusal (nothing written), and the
member file made at admission. The clock is fixed on 2027-09-01 (Anren)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from development.models import Applicant, Stage, Step, StepKind
from development.services import probation_ending, record_step, withdraw
from members.models import Member
from tests.development.conftest import committee_meeting, general_meeting
from tests.factories import MemberFactory

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2027-09-01 10:00 +0800", tick=False)]


def refused(field, call, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert field in caught.value.message_dict, caught.value.message_dict
    return " ".join(caught.value.message_dict[field])


def to_candidate(
    applicant, user, contacts, *, activist_on=datetime.date(2025, 3, 10), candidate_on=datetime.date(2026, 3, 10)
):
    record_step(applicant, StepKind.TALK, done_on=applicant.applied_on + datetime.timedelta(days=10), user=user)
    record_step(applicant, StepKind.ACTIVIST, done_on=activist_on, user=user, people=contacts[:2], way="recommended")
    record_step(applicant, StepKind.ASSESSMENT, done_on=activist_on + datetime.timedelta(days=180), user=user)
    record_step(applicant, StepKind.CANDIDATE, done_on=candidate_on, user=user)
    return applicant


def ready_for_admission(applicant, user, roll, day=datetime.date(2026, 4, 1)):
    to_candidate(applicant, user, roll)
    record_step(applicant, StepKind.SPONSORS, done_on=day, user=user, people=roll[:2])
    record_step(applicant, StepKind.POLITICAL_REVIEW, done_on=day, user=user, document_no="政审〔2026〕3号")
    record_step(applicant, StepKind.TRAINING, done_on=day, user=user, hours=24)
    # 公示 for seven days (five working days at least), the 预审 the day after it ends.
    week = datetime.timedelta(days=6)
    record_step(applicant, StepKind.PUBLICITY, done_on=day, ends_on=day + week, user=user)
    record_step(applicant, StepKind.PRE_REVIEW, done_on=day + week + datetime.timedelta(days=1), user=user)
    return applicant


def test_a_person_goes_from_application_to_full_member_and_the_file_is_made_at_admission(
    make_applicant, secretary1, roll, branch1
):
    applicant = ready_for_admission(make_applicant(D(2025, 1, 5)), secretary1, roll)
    meeting = general_meeting(branch1, D(2026, 5, 8), roll, present=3)
    record_step(applicant, StepKind.ADMISSION, done_on=D(2026, 5, 8), meeting=meeting, votes_for=3, user=secretary1)
    assert applicant.stage == Stage.CANDIDATE and applicant.member is None
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 6, 1), document_no="安流党〔2026〕12号", user=secretary1)
    member = applicant.member
    assert applicant.stage == Stage.PROBATIONARY and applicant.probation_ends_on == D(2027, 5, 8)
    assert (member.name, member.joined_party_on, member.full_member_on) == ("张申请", D(2026, 5, 8), None)
    assert member.history.count() == 1
    record_step(applicant, StepKind.OATH, done_on=D(2026, 6, 5), user=secretary1)
    conversion = general_meeting(branch1, D(2027, 5, 8), roll, present=4)
    record_step(applicant, StepKind.CONVERSION, done_on=D(2027, 5, 8), meeting=conversion, votes_for=4, user=secretary1)
    record_step(applicant, StepKind.CONVERSION_APPROVAL, done_on=D(2027, 6, 2), user=secretary1)
    member.refresh_from_db()
    assert applicant.stage == Stage.FULL and member.full_member_on == D(2027, 5, 8)
    assert applicant.steps.get(kind=StepKind.APPROVAL).recorded_by == secretary1
    assert applicant.next_step == ""


def test_skipping_a_stage_is_refused_naming_the_order(make_applicant, secretary1):
    applicant = make_applicant(D(2026, 1, 5))
    message = refused("kind", record_step, applicant, StepKind.CANDIDATE, done_on=D(2027, 2, 1), user=secretary1)
    assert "细则" in message and Step.objects.filter(applicant=applicant).count() == 1
    assert Applicant.objects.get(pk=applicant.pk).stage == Stage.APPLICANT


def test_an_activist_of_under_a_year_cannot_become_a_candidate(make_applicant, secretary1, roll):
    applicant = make_applicant(D(2025, 1, 5))
    record_step(applicant, StepKind.ACTIVIST, done_on=D(2025, 3, 10), user=secretary1, people=roll[:1])
    message = refused("done_on", record_step, applicant, StepKind.CANDIDATE, done_on=D(2026, 3, 9), user=secretary1)
    assert "第十三条" in message and "2026-03-10" in message
    record_step(applicant, StepKind.CANDIDATE, done_on=D(2026, 3, 10), user=secretary1)
    assert applicant.stage == Stage.CANDIDATE


def test_a_contact_or_sponsor_who_is_not_a_full_member_is_refused(make_applicant, secretary1, roll):
    applicant = make_applicant(D(2025, 1, 5))
    probationary = roll[-1]
    message = refused(
        "people",
        record_step,
        applicant,
        StepKind.ACTIVIST,
        done_on=D(2025, 3, 10),
        user=secretary1,
        people=[probationary],
    )
    assert probationary.name in message
    to_candidate(applicant, secretary1, roll)
    message = refused(
        "people",
        record_step,
        applicant,
        StepKind.SPONSORS,
        done_on=D(2026, 4, 1),
        user=secretary1,
        people=[roll[0], probationary],
    )
    assert "第十四条" in message and not applicant.sponsors.exists()
    refused(
        "people", record_step, applicant, StepKind.SPONSORS, done_on=D(2026, 4, 1), user=secretary1, people=[roll[0]]
    )


def test_a_sponsor_of_another_branch_is_not_the_secretarys_to_choose(make_applicant, secretary1, roll, bob):
    applicant = to_candidate(make_applicant(D(2025, 1, 5)), secretary1, roll)
    message = refused(
        "people",
        record_step,
        applicant,
        StepKind.SPONSORS,
        done_on=D(2026, 4, 1),
        user=secretary1,
        people=[roll[0], bob],
    )
    assert bob.name in message


def test_the_general_meeting_needs_the_pre_review_a_quorum_and_a_majority(make_applicant, secretary1, roll, branch1):
    applicant = to_candidate(make_applicant(D(2025, 1, 5)), secretary1, roll)
    meeting = general_meeting(branch1, D(2026, 5, 8), roll, present=3)
    message = refused(
        "kind",
        record_step,
        applicant,
        StepKind.ADMISSION,
        done_on=D(2026, 5, 8),
        meeting=meeting,
        votes_for=3,
        user=secretary1,
    )
    assert "第十九条" in message
    ready = ready_for_admission(make_applicant(D(2025, 1, 6), name="李申请", born=D(1996, 4, 1)), secretary1, roll)
    thin = general_meeting(branch1, D(2026, 5, 9), roll, present=2)
    message = refused(
        "meeting",
        record_step,
        ready,
        StepKind.ADMISSION,
        done_on=D(2026, 5, 9),
        meeting=thin,
        votes_for=2,
        user=secretary1,
    )
    assert "第二十条" in message and "2" in message and "5" in message
    message = refused(
        "votes_for",
        record_step,
        ready,
        StepKind.ADMISSION,
        done_on=D(2026, 5, 8),
        meeting=meeting,
        votes_for=2,
        user=secretary1,
    )
    assert "第二十一条" in message
    refused("meeting", record_step, ready, StepKind.ADMISSION, done_on=D(2026, 5, 8), votes_for=3, user=secretary1)
    themed = committee_meeting(branch1, D(2026, 5, 8))
    refused(
        "meeting",
        record_step,
        ready,
        StepKind.ADMISSION,
        done_on=D(2026, 5, 8),
        meeting=themed,
        votes_for=3,
        user=secretary1,
    )
    assert Applicant.objects.get(pk=ready.pk).admitted_on is None


def test_a_meeting_of_another_branch_is_refused(make_applicant, secretary1, roll, branch2):
    ready = ready_for_admission(make_applicant(D(2025, 1, 5)), secretary1, roll)
    elsewhere = general_meeting(branch2, D(2026, 5, 8), roll, present=5)
    refused(
        "meeting",
        record_step,
        ready,
        StepKind.ADMISSION,
        done_on=D(2026, 5, 8),
        meeting=elsewhere,
        votes_for=5,
        user=secretary1,
    )


def admitted(make_applicant, secretary1, roll, branch1, on=datetime.date(2026, 5, 8)):
    applicant = ready_for_admission(make_applicant(D(2025, 1, 5)), secretary1, roll)
    meeting = general_meeting(branch1, on, roll, present=3)
    record_step(applicant, StepKind.ADMISSION, done_on=on, meeting=meeting, votes_for=3, user=secretary1)
    return applicant


def test_an_approval_more_than_six_months_after_the_general_meeting_is_refused(
    make_applicant, secretary1, roll, branch1
):
    applicant = admitted(make_applicant, secretary1, roll, branch1, on=D(2026, 5, 8))
    message = refused("done_on", record_step, applicant, StepKind.APPROVAL, done_on=D(2026, 11, 9), user=secretary1)
    assert "2026-11-08" in message and not Member.objects.filter(name="张申请").exists()
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 11, 8), user=secretary1)
    assert applicant.member is not None


def test_conversion_before_the_probation_ends_is_refused(make_applicant, secretary1, roll, branch1):
    applicant = admitted(make_applicant, secretary1, roll, branch1, on=D(2026, 8, 31))
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 9, 5), user=secretary1)
    early = general_meeting(branch1, D(2027, 8, 30), roll, present=4)
    message = refused(
        "done_on",
        record_step,
        applicant,
        StepKind.CONVERSION,
        done_on=D(2027, 8, 30),
        meeting=early,
        votes_for=4,
        user=secretary1,
    )
    assert "第三十二条" in message and "2027-08-31" in message
    on_time = general_meeting(branch1, D(2027, 8, 31), roll, present=4)
    record_step(applicant, StepKind.CONVERSION, done_on=D(2027, 8, 31), meeting=on_time, votes_for=4, user=secretary1)
    assert applicant.converted_on == D(2027, 8, 31)


def test_an_extension_lasts_six_to_twelve_months_once_and_moves_the_end(make_applicant, secretary1, roll, branch1):
    applicant = admitted(make_applicant, secretary1, roll, branch1, on=D(2026, 5, 8))
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 6, 1), user=secretary1)
    meeting = general_meeting(branch1, D(2027, 5, 10), roll, present=4)
    message = refused(
        "months",
        record_step,
        applicant,
        StepKind.EXTENSION,
        done_on=D(2027, 5, 10),
        meeting=meeting,
        votes_for=4,
        months=5,
        user=secretary1,
    )
    assert "第三十二条" in message
    record_step(
        applicant, StepKind.EXTENSION, done_on=D(2027, 5, 10), meeting=meeting, votes_for=4, months=6, user=secretary1
    )
    assert applicant.probation_ends_on == D(2027, 11, 8)
    refused(
        "kind",
        record_step,
        applicant,
        StepKind.EXTENSION,
        done_on=D(2027, 5, 10),
        meeting=meeting,
        votes_for=4,
        months=6,
        user=secretary1,
    )


def test_a_step_in_the_future_or_before_the_last_step_is_refused(make_applicant, secretary1):
    applicant = make_applicant(D(2026, 1, 5))
    refused("done_on", record_step, applicant, StepKind.TALK, done_on=D(2027, 9, 2), user=secretary1)
    refused("done_on", record_step, applicant, StepKind.TALK, done_on=D(2026, 1, 4), user=secretary1)


def test_a_record_is_withdrawn_with_its_reason_and_leaves_the_board(make_applicant, secretary1):
    applicant = make_applicant(D(2026, 1, 5))
    refused("note", withdraw, applicant, reason="dropped_out", on=D(2026, 3, 1), note=" ", user=secretary1)
    withdraw(applicant, reason="dropped_out", on=D(2026, 3, 1), note="本人回乡务农，放弃申请", user=secretary1)
    assert (applicant.stage, applicant.withdrawal_reason, applicant.next_step) == (Stage.WITHDRAWN, "dropped_out", "")
    assert applicant.steps.filter(kind=StepKind.WITHDRAWAL).exists()
    # The same person may apply again with a new record.
    make_applicant(D(2027, 1, 5))
    refused("kind", record_step, applicant, StepKind.TALK, done_on=D(2026, 3, 2), user=secretary1)


def test_a_probationary_member_is_not_withdrawn_here(make_applicant, secretary1, roll, branch1):
    applicant = admitted(make_applicant, secretary1, roll, branch1)
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 6, 1), user=secretary1)
    refused("reason", withdraw, applicant, reason="mistake", on=D(2026, 7, 1), note="录入错误", user=secretary1)


def test_the_todo_hook_lists_probations_ending_within_sixty_days_in_scope(
    make_applicant, secretary1, secretary2, roll, branch1
):
    # 2027-09-01 + 60 days = 2027-10-31.
    applicant = admitted(make_applicant, secretary1, roll, branch1, on=D(2026, 10, 31))
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 11, 5), user=secretary1)
    assert list(probation_ending(secretary1)) == [applicant]
    assert list(probation_ending(secretary1, today=D(2027, 8, 31))) == []
    assert list(probation_ending(secretary2)) == []


def test_a_member_of_the_roll_with_the_same_id_number_stops_the_admission(make_applicant, secretary1, roll, branch1):
    applicant = admitted(make_applicant, secretary1, roll, branch1)
    MemberFactory(branch=branch1, id_number=applicant.id_number)
    refused("kind", record_step, applicant, StepKind.APPROVAL, done_on=D(2026, 6, 1), user=secretary1)
    assert Applicant.objects.get(pk=applicant.pk).stage == Stage.CANDIDATE
