import pytest
from django.core.management import call_command
from django.utils import timezone

from branches.models import Branch
from meetings.compliance import CellStatus, compliance_matrix
from meetings.models import Meeting
from meetings.quorum import absent_from_every_meeting, with_attendance_counts
from members.models import Member

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_realistic_year_with_a_few_gaps_and_warnings():
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    branches = Branch.objects.order_by("ordinal")
    # Last year is over: every cell of it is judged.
    statuses = [cell.status for row in compliance_matrix(branches, today.year - 1, today=today) for cell in row.cells]
    rows = compliance_matrix(branches, today.year, today=today)
    assert statuses.count(CellStatus.MISSED) >= 3  # not all green …
    assert statuses.count(CellStatus.MET) > 0.8 * len(statuses)  # … but mostly kept
    branch5_now = rows[4].cells[today.month - 1]
    assert (branch5_now.status, branch5_now.missing) == (CellStatus.PENDING, ["主题党日"])
    assert Meeting.objects.filter(late_entry=True).exists()
    assert any(m.quorum_met is False for m in with_attendance_counts(Meeting.objects.filter(has_vote=True)))
    assert absent_from_every_meeting(Member.objects.all(), today).count() >= 3


@pytest.mark.time_machine("2026-12-02 10:00 +0800", tick=False)
def test_the_demo_elections_that_a_simple_majority_called_valid_are_invalid_by_the_right_rule():
    call_command("seed_demo", verbosity=0)
    elections = with_attendance_counts(Meeting.objects.filter(is_election=True).select_related("branch"))
    found = {(m.branch.name, m.held_on.isoformat()): m for m in elections}
    first, third = found["第一党支部", "2025-03-17"], found["第三党支部", "2026-02-20"]
    assert (third.expected_count, third.present_count) == (60, 48)
    for meeting in (first, third):
        # The old count: every full member present, more than half of the full members.
        full_present = meeting.attendances.filter(status="present").exclude(standing="probationary").count()
        full = meeting.attendances.exclude(standing="probationary").count()
        assert full_present * 2 > full
        assert meeting.quorum_met is False
        assert meeting.voting_present * 5 <= meeting.voting_expected * 4
