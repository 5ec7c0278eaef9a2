"""Organisational life (组织生活): meetings, their attachments and attendance, and the
三会一课 rhythm each committee sets.

These models moved here from branches; each keeps the table it had (``db_table``,
and ``table_name`` for its history), so no row moves on upgrade.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, Committee
from branches.scoping import ScopedManager, scoped_queryset
from lib.uploads import random_name
from lib.validators import not_in_future
from members.models import Member, PostTitle


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


class PartyGroup(models.Model):
    """党小组: a group within a branch with its leader (支部工作条例 第十三条: a branch with many
    members, or members working and living far apart, divides into groups; the branch names
    the leader). A member belongs to one group at a time."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="party_groups", verbose_name=_("branch"))
    name = models.CharField(_("name"), max_length=50)
    leader = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups_led",
        verbose_name=_("group leader"),
    )
    members = models.ManyToManyField(
        Member, through="PartyGroupMember", related_name="party_groups", verbose_name=_("members")
    )

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        ordering = ["branch_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "name"],
                name="partygroup_unique_name",
                violation_error_message=_("The branch already has a party group of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class PartyGroupMember(models.Model):
    group = models.ForeignKey(PartyGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="group_memberships")

    class Meta:
        verbose_name = _("party group member")
        verbose_name_plural = _("party group members")
        constraints = [
            models.UniqueConstraint(fields=["member"], name="partygroupmember_one_group"),
        ]

    def __str__(self):
        return f"{self.group} · {self.member}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Published, not yet held")
    HELD = "held", _("Held")


class Meeting(models.Model):
    """组织生活记录: one meeting a branch held (三会一课, 主题党日 …)."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("branch"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    # A held meeting is not in the future (clean()); a published one is (or is today).
    held_on = models.DateField(_("held on"))
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # The QR sign-in link's secret (签到二维码): a random token, empty for a meeting never published.
    sign_in_token = models.CharField(max_length=64, blank=True, editable=False)
    # The 党小组 that met (a 党小组会 counts for its group in the compliance matrix).
    party_group = models.ForeignKey(
        PartyGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("party group"),
    )
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

    def clean(self):
        if self.status == MeetingStatus.HELD and self.held_on:
            try:
                not_in_future(self.held_on)
            except ValidationError as error:
                raise ValidationError({"held_on": error.messages}) from None
        if self.status == MeetingStatus.PLANNED and self.held_on and self.held_on < timezone.localdate():
            raise ValidationError({"held_on": _("A meeting is published before the day it is held.")})

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
    # The member's home village reads the attendance summary of its members (issue 17).
    objects = ScopedManager.from_queryset(
        scoped_queryset("meeting__branch", "meeting__branch__committee", home_path="member__home_organisation")
    )()

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


class ElectionKind(models.TextChoices):
    COMMITTEE = "committee", _("Branch committee (换届 or by-election)")
    DELEGATES = "delegates", _("Delegates to the higher congress")


class Election(models.Model):
    """选举: what an election meeting elected, recorded whether or not it was valid."""

    # Part of the meeting's record: the county's back office deleting a meeting deletes it too.
    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="election", verbose_name=_("meeting")
    )
    kind = models.CharField(_("election of"), max_length=20, choices=ElectionKind.choices)
    seats = models.PositiveSmallIntegerField(_("seats to fill"))
    valid = models.BooleanField(_("valid"), default=False, editable=False)
    voters_present = models.PositiveIntegerField(_("voters present"), default=0, editable=False)
    voters_entitled = models.PositiveIntegerField(_("voters entitled"), default=0, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset("meeting__branch", "meeting__branch__committee"))()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self):
        return f"{self.meeting} · {self.get_kind_display()}"


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("member"))
    title = models.CharField(_("post if elected"), max_length=20, choices=PostTitle.choices, blank=True)
    votes = models.PositiveIntegerField(_("votes for"))
    elected = models.BooleanField(_("elected"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-votes", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once_per_election"),
        ]

    def __str__(self):
        return f"{self.member} · {self.votes}"


class SignIn(models.Model):
    """签到: a member signed in at a published meeting by its QR link. The secretary confirms
    the roll from these (they become the attendance when the meeting is logged)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sign_ins", verbose_name=_("meeting"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="sign_ins", verbose_name=_("member"))
    signed_at = models.DateTimeField(_("signed in at"), default=timezone.now)

    objects = ScopedManager.from_queryset(scoped_queryset("meeting__branch", "meeting__branch__committee"))()

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="signin_once_per_member")]

    def __str__(self):
        return f"{self.member} · {self.signed_at:%H:%M}"
