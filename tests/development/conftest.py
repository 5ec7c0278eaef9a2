import datetime

import pytest

from development.models import Applicant
from development.services import create_applicant
from meetings.models import Attendance, AttendanceStatus, MeetingKind, Standing
from tests.factories import MeetingFactory, MemberFactory, valid_id_number


@pytest.fixture
def roll(branch1):
    """Five full members of branch 1 (votes at a general meeting) and a probationary one."""
    full = [MemberFactory(branch=branch1, name=f"正式{n}") for n in range(5)]
    probationary = MemberFactory(
        branch=branch1, name="预备甲", joined_party_on=datetime.date(2026, 1, 5), full_member_on=None
    )
    return [*full, probationary]


def general_meeting(branch, held_on, roll, present=3, has_vote=True):
    """A 支部大会 with ``present`` of the roll's full members there (5 have a vote)."""
    meeting = MeetingFactory(
        branch=branch, kind=MeetingKind.GENERAL, held_on=held_on, has_vote=has_vote, topic="讨论接收预备党员"
    )
    for index, member in enumerate(roll):
        status = AttendanceStatus.PRESENT if index < present else AttendanceStatus.ABSENT
        standing = Standing.VOTING if member.full_member_on else Standing.PROBATIONARY
        Attendance.objects.create(meeting=meeting, member=member, status=status, standing=standing)
    return meeting


def committee_meeting(branch, held_on):
    return MeetingFactory(branch=branch, kind=MeetingKind.COMMITTEE, held_on=held_on, topic="支委会")


def new_applicant(branch, applied_on, user=None, name="张申请", born=datetime.date(1995, 3, 8)):
    applicant = Applicant(
        branch=branch,
        name=name,
        gender="male",
        birth_date=born,
        id_number=valid_id_number(born),
        phone="13800001111",
        applied_on=applied_on,
        category="direct",
    )
    return create_applicant(applicant, user=user)


@pytest.fixture
def make_applicant(branch1, secretary1):
    def make(applied_on, **kwargs):
        return new_applicant(branch1, applied_on, secretary1, **kwargs)

    return make
