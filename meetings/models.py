"""Organisational life (组织生活): meetings, their attachments and attendance, and the
三会一课 rhythm each committee sets.

These models moved here from branches; each keeps the table it had (``db_table``,
and ``table_name`` for its history), so no row moves on upgrade.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, Committee
from branches.scoping import ScopedManager, scoped_queryset
from lib.uploads import random_name
from lib.validators import not_in_future
from members.models import Member


class MeetingKind(models.TextChoices):
    GENERAL = "general", _("Branch general meeting")
    COMMITTEE = "committee", _("Branch committee meeting")
    GROUP = "group", _("Party group meeting")
    LECTURE = "lecture", _("Party lecture")
    THEMED_DAY = "themed_day", _("Themed party day")
    LIFE_MEETING = "life_meeting", _("Organisational life meeting")
    APPRAISAL = "appraisal", _("Democratic appraisal of members")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class ComplianceRule(models.Model):
    """三会一课 rhythm: how often a committee's branches must hold each kind of meeting."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="compliance_rules", verbose_name=_("committee")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    frequency = models.CharField(_("minimum frequency"), max_length=20, choices=Frequency.choices)

    history = HistoricalRecords(table_name="branches_historicalcompliancerule")
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
        db_table = "branches_compliancerule"
        verbose_name = _("compliance rule")
        verbose_name_plural = _("compliance rules")
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind"], name="compliancerule_unique_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_frequency_display()}"


class Meeting(models.Model):
    """组织生活记录: one meeting a branch held (三会一课, 主题党日 …)."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("branch"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"), validators=[not_in_future])
    location = models.CharField(_("location"), max_length=200, blank=True)
    online = models.BooleanField(_("held online"), default=False)
    topic = models.CharField(_("topic"), max_length=200)
    host = models.CharField(_("host"), max_length=50, blank=True)
    recorder = models.CharField(_("recorder"), max_length=50, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    resolutions = models.TextField(_("resolutions and vote results"), blank=True)
    has_vote = models.BooleanField(_("votes taken"), default=False)
    # An election (选举) needs more than four fifths of those entitled (选举工作条例).
    is_election = models.BooleanField(_("elections held"), default=False)
    observers = models.CharField(_("observers (not members)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # A default rather than auto_now_add, so imports and demo data can say when a
    # meeting was really logged; the late-entry flag is judged from it.
    created_at = models.DateTimeField(_("logged at"), default=timezone.now, editable=False)
    late_entry = models.BooleanField(
        _("late entry"),
        default=False,
        editable=False,
        help_text=_("Logged more than 30 days after the meeting was held (补录)."),
    )

    history = HistoricalRecords(table_name="branches_historicalmeeting")
    objects = ScopedManager()

    class Meta:
        db_table = "branches_meeting"
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["branch", "held_on"], name="meeting_branch_held_on")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()} · {self.topic}"

    @property
    def quorum_rule(self):
        """Which quorum applies: "election", "general", "committee" or None."""
        if self.is_election:
            return "election"
        if self.kind == MeetingKind.COMMITTEE:
            return "committee"
        if self.kind == MeetingKind.GENERAL and self.has_vote:
            return "general"
        return None

    @property
    def quorum_met(self):
        """Is the meeting quorate? None where no rule applies.

        - 支部委员会会议: more than half of all current 委员 (支部工作条例 第十二条), whoever
          was ticked on the roll;
        - 党员大会 that votes: more than half of those with a vote (支部工作条例 第十一条);
        - an election: more than four fifths of those entitled (选举工作条例).

        The fractions are the committee's settings (national rule by default). Needs the
        counts that ``meetings.quorum.with_attendance_counts`` annotates.
        """
        rule = self.quorum_rule
        if rule == "committee":
            if not self.committee_size:
                return None  # no branch committee on file: nothing to count against
            return self.committee_present * 2 > self.committee_size
        if rule == "general":
            return self.voting_present * 100 > self.voting_expected * self.general_quorum_percent
        if rule == "election":
            return self.voting_present * 100 > self.voting_expected * self.election_quorum_percent
        return None


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    SIGN_IN = "sign_in", _("Sign-in sheet scan")
    OTHER = "other", _("Other")


def meeting_attachment_path(instance, filename):
    # The user's file name is never part of the path: only the extension that
    # branches.uploads found by looking at the content.
    return f"meetings/{instance.meeting.branch_id}/{random_name(filename)}"


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.PHOTO)
    file = models.FileField(_("file"), upload_to=meeting_attachment_path)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    objects = ScopedManager.from_queryset(scoped_queryset("meeting__branch", "meeting__branch__committee"))()

    class Meta:
        db_table = "branches_meetingattachment"
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")

    def __str__(self):
        return self.original_name


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("On leave")
    ABSENT = "absent", _("Absent")


class Standing(models.TextChoices):
    """Who may vote (支部工作条例 第十一条, 选举工作条例 第五条, the 流动党员活动证 rules)."""

    VOTING = "voting", _("With a vote")
    OBSERVER = "observer", _("Sits in, votes at home")  # 列席: relation held at home
    PROBATIONARY = "probationary", _("Probationary")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("member"))
    status = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    # Recorded on the roll on the day, so that a later 转正 or transfer does not rewrite it.
    standing = models.CharField(_("standing"), max_length=15, choices=Standing.choices, default=Standing.VOTING)

    # Who was marked present or absent is part of the record: changes are kept.
    history = HistoricalRecords(table_name="branches_historicalattendance")
    objects = ScopedManager.from_queryset(scoped_queryset("meeting__branch", "meeting__branch__committee"))()

    class Meta:
        db_table = "branches_attendance"
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member"),
        ]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_status")]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"
