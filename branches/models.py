from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.scoping import ScopedManager, scoped_queryset
from branches.uploads import random_name
from branches.validators import not_in_future


class ReportCycle(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


class Committee(models.Model):
    """流动党委: a county's party committee for its members working in one region."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50)
    region = models.CharField(_("region"), max_length=20, help_text=_("e.g. 广东省"))
    founded_on = models.DateField(_("founded on"), validators=[not_in_future])
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    report_cycle = models.CharField(
        _("report cycle"), max_length=20, choices=ReportCycle.choices, default=ReportCycle.QUARTERLY
    )

    objects = ScopedManager.from_queryset(scoped_queryset(branch_path="branches", committee_path=""))()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["pk"]

    def __str__(self):
        return self.short_name or self.name


BranchQuerySet = scoped_queryset(branch_path="", committee_path="committee")


class Branch(models.Model):
    """党支部 of a committee, set up in a city of the region."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="branches", verbose_name=_("committee")
    )
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    name = models.CharField(_("name"), max_length=50)
    city = models.CharField(_("city"), max_length=30)
    venue_address = models.CharField(_("venue address"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True, validators=[not_in_future])
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    objects = ScopedManager.from_queryset(BranchQuerySet)()

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["committee_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "ordinal"], name="branch_unique_ordinal"),
            models.UniqueConstraint(fields=["committee", "name"], name="branch_unique_name"),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("founded_on")),
                name="branch_dissolved_after_founded",
                violation_error_message=_("A branch cannot be dissolved before it was founded."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            raise ValidationError({"dissolved_on": _("A branch cannot be dissolved before it was founded.")})


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("County administrator")
    COMMITTEE_STAFF = "committee_staff", _("Committee staff")
    BRANCH_SECRETARY = "branch_secretary", _("Branch secretary")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class StaffScope(models.Model):
    """Ties a user to a role and to the committee or branch the role covers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_scope",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("committee")
    )
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("branch"))

    class Meta:
        verbose_name = _("staff scope")
        verbose_name_plural = _("staff scopes")
        constraints = [
            # A committee officer needs a committee, a secretary a branch; the
            # county-wide roles carry neither, so nothing narrows them by mistake.
            models.CheckConstraint(
                condition=(
                    Q(role="committee_staff", committee__isnull=False, branch__isnull=True)
                    | Q(role="branch_secretary", branch__isnull=False, committee__isnull=True)
                    | Q(
                        role__in=["county_admin", "auditor", "system_admin"],
                        committee__isnull=True,
                        branch__isnull=True,
                    )
                ),
                name="staffscope_role_matches_scope",
                violation_error_message=_(
                    "Committee staff need a committee, branch secretaries a branch, and county-wide roles neither."
                ),
            ),
        ]

    def __str__(self):
        target = self.branch or self.committee or _("whole county")
        return f"{self.user} · {self.get_role_display()} · {target}"

    def clean(self):
        if self.role == Role.COMMITTEE_STAFF and (not self.committee_id or self.branch_id):
            raise ValidationError({"committee": _("Committee staff need a committee and no branch.")})
        if self.role == Role.BRANCH_SECRETARY and (not self.branch_id or self.committee_id):
            raise ValidationError({"branch": _("A branch secretary needs a branch and no committee.")})
        if self.role in {Role.COUNTY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN} and (self.committee_id or self.branch_id):
            raise ValidationError(_("County-wide roles are not tied to a committee or branch."))

    @property
    def sees_all_committees(self) -> bool:
        return self.role in {Role.COUNTY_ADMIN, Role.AUDITOR}

    @property
    def read_only(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def committee_for_scope(self):
        """The committee the user works in, if any (a branch's committee for a secretary)."""
        if self.committee_id:
            return self.committee
        if self.branch_id:
            return self.branch.committee
        return None


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

    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
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

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["branch", "held_on"], name="meeting_branch_held_on")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()} · {self.topic}"

    @property
    def quorum_met(self):
        """True / False where a quorum rule applies, None where none does.

        Needs the counts that ``branches.meetings.with_attendance_counts`` annotates.
        """
        from branches.meetings import quorum_met

        return quorum_met(
            self.kind, self.has_vote, self.present_count, self.expected_count, self.voting_present, self.voting_expected
        )


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
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")

    def __str__(self):
        return self.original_name


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("On leave")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    # A string reference: members sits above branches and must not be imported here.
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="attendances", verbose_name=_("member")
    )
    status = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    reason = models.CharField(_("reason for leave"), max_length=200, blank=True)

    # Who was marked present or absent is part of the record: changes are kept.
    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset("meeting__branch", "meeting__branch__committee"))()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member"),
        ]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_status")]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"


class TaskCategory(models.TextChoices):
    INVESTMENT_LEAD = "investment_lead", _("Investment lead")
    POVERTY_RELIEF = "poverty_relief", _("Poverty relief")
    JOB_REFERRAL = "job_referral", _("Job referral")
    EDUCATION_AID = "education_aid", _("Education aid")
    RURAL_REVITALISATION = "rural_revitalisation", _("Rural revitalisation")
    EPIDEMIC = "epidemic", _("Epidemic prevention")
    VOLUNTEER = "volunteer", _("Volunteer service")
    PUBLICITY = "publicity", _("Publicity")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    """任务 (the 领 of 双报一领), published by a committee or one of its branches."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("branch"),
        help_text=_("Empty when the committee publishes the task."),
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=TaskCategory.choices)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("How many members may claim it."))
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)

    history = HistoricalRecords()
    # A secretary sees its branch's tasks and those the committee published for all.
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="branch", committee_path="committee", committee_wide_path="branch")
    )()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("opens_on")),
                name="task_due_after_opens",
                violation_error_message=_("The due date cannot be before the opening date."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="task_capacity_positive",
                violation_error_message=_("A task needs room for at least one member."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.due_on and self.due_on < self.opens_on:
            raise ValidationError({"due_on": _("The due date cannot be before the opening date.")})
        if self.branch_id and self.committee_id and self.branch.committee_id != self.committee_id:
            raise ValidationError({"branch": _("The branch belongs to another committee.")})


class PairedVillage(models.Model):
    """结对帮扶村: a poor village in Anren that a branch is paired with."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="paired_villages", verbose_name=_("branch")
    )
    township = models.CharField(_("township"), max_length=30)
    village = models.CharField(_("village"), max_length=30)
    since = models.DateField(_("paired since"), validators=[not_in_future])
    households_visited = models.PositiveIntegerField(_("households visited"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("paired village")
        verbose_name_plural = _("paired villages")
        ordering = ["branch_id", "township", "village"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "township", "village"], name="pairedvillage_unique"),
        ]

    def __str__(self):
        return f"{self.township}{self.village}"
