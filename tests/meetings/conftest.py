import datetime
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Attendance, AttendanceStatus, ComplianceRule, Frequency, MeetingKind
from meetings.standing import standing_of
from members.models import Category, Member, Post, PostTitle
from tests.factories import MeetingFactory, MemberFactory

DEFAULT_RULES = {
    MeetingKind.GENERAL: Frequency.QUARTERLY,
    MeetingKind.COMMITTEE: Frequency.MONTHLY,
    MeetingKind.GROUP: Frequency.MONTHLY,
    MeetingKind.LECTURE: Frequency.QUARTERLY,
    MeetingKind.THEMED_DAY: Frequency.MONTHLY,
    MeetingKind.LIFE_MEETING: Frequency.YEARLY,
    MeetingKind.APPRAISAL: Frequency.YEARLY,
}


def png_bytes(width=2, height=2):
    """A real, tiny PNG (red pixels), built by hand so no imaging library is needed."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xc8\x16\x1d" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def upload(name="photo.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, png_bytes() if content is None else content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rules(committee):
    return ComplianceRule.objects.bulk_create(
        ComplianceRule(committee=committee, kind=kind, frequency=frequency) for kind, frequency in DEFAULT_RULES.items()
    )


@pytest.fixture
def roll(branch1, alice):
    """Branch 1: alice plus four more full members (relations held here: 直管) and one
    probationary member; two on the committee."""
    Member.objects.filter(pk=alice.pk).update(category=Category.DIRECT)
    alice.category = Category.DIRECT
    members = [alice] + [MemberFactory(branch=branch1, name=f"党员{n}", category=Category.DIRECT) for n in range(4)]
    probationary = MemberFactory(branch=branch1, name="预备党员甲", full_member_on=None)
    Post.objects.create(
        member=members[0], branch=branch1, title=PostTitle.SECRETARY, started_on=datetime.date(2021, 7, 1)
    )
    Post.objects.create(
        member=members[1], branch=branch1, title=PostTitle.ORGANISATION, started_on=datetime.date(2021, 7, 1)
    )
    return [*members, probationary]


def meeting_with(branch, kind, statuses, **fields):
    """A meeting of ``branch`` with one attendance row per (member, status), each with the
    standing of the meeting's day."""
    meeting = MeetingFactory(branch=branch, kind=kind, **fields)
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member=member,
            status=status,
            reason="出差" if status == "excused" else "",
            standing=standing_of(member, meeting.held_on, mobile_members_vote=branch.committee.mobile_members_vote),
        )
        for member, status in statuses
    )
    return meeting


__all__ = ["AttendanceStatus", "meeting_with", "png_bytes", "upload"]
