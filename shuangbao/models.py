"""双报一领: check-ins (报到), reports (报告), tasks and claims (领任务).

These models moved here from members and branches; each keeps the table it had
(``db_table``, and ``table_name`` for its history), so no row moves on upgrade.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, Committee
from branches.scoping import ScopedManager, scoped_queryset
from lib.validators import not_in_future
from members.models import Member


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

    history = HistoricalRecords(table_name="branches_historicaltask")
    # A secretary sees its branch's tasks and those the committee published for all.
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="branch", committee_path="committee", committee_wide_path="branch")
    )()

    class Meta:
        db_table = "branches_task"
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


class CheckInWay(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")
    # The member scanned the branch's 阵地 QR code and checked in on /me/.
    QR_LINK = "qr_link", _("Branch QR link")


class CheckInStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    # A member's own check-in on /me/, until the branch secretary confirms it.
    PENDING = "pending", _("Awaiting confirmation")


class CheckIn(models.Model):
    """报到 (双报 #1): a mobile member reports in to the inflow branch."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="check_ins", verbose_name=_("member"))
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="check_ins", verbose_name=_("branch"))
    checked_in_on = models.DateField(_("checked in on"), validators=[not_in_future])
    way = models.CharField(_("way"), max_length=20, choices=CheckInWay.choices)
    address = models.CharField(_("address at the time"), max_length=200, blank=True)
    employer = models.CharField(_("employer at the time"), max_length=100, blank=True)
    # 交验: the 流动党员活动证 was shown to the inflow branch at this check-in.
    certificate_shown = models.BooleanField(_("activity certificate shown"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # 待确认: a self check-in waits for the inflow branch's secretary; recorded by the branch, confirmed.
    status = models.CharField(
        _("confirmation"), max_length=20, choices=CheckInStatus.choices, default=CheckInStatus.CONFIRMED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    history = HistoricalRecords(table_name="members_historicalcheckin")
    objects = ScopedManager.from_queryset(scoped_queryset(home_path="member__home_organisation"))()

    class Meta:
        db_table = "members_checkin"
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_on", "-pk"]
        indexes = [
            models.Index(fields=["member", "checked_in_on"], name="checkin_member_date"),
            # The lists' order: the newest page without sorting the whole table.
            models.Index(fields=["-checked_in_on", "-id"], name="checkin_newest_first"),
            # The secretary's 待确认 list: the few self check-ins waiting, found without a scan.
            models.Index(
                fields=["branch", "checked_in_on"], condition=Q(status="pending"), name="checkin_pending_by_branch"
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.checked_in_on:%Y-%m-%d} {self.branch}"


class ReportChannel(models.TextChoices):
    WRITTEN = "written", _("In writing")
    PHONE = "phone", _("By phone")
    WECHAT = "wechat", _("WeChat")
    IN_PERSON = "in_person", _("In person")


class Report(models.Model):
    """报告 (双报 #2): a member's periodic report to the home organisation."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="reports", verbose_name=_("member"))
    period_start = models.DateField(_("period"), help_text=_("First day of the reporting period."))
    submitted_on = models.DateField(_("submitted on"), validators=[not_in_future])
    channel = models.CharField(_("channel"), max_length=20, choices=ReportChannel.choices)
    summary = models.TextField(_("summary"))
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=50, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True, validators=[not_in_future])
    # 签收 by the home organisation's secretary: who (the account), when, and a note.
    acknowledged_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by (account)"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledgement_note = models.CharField(_("acknowledgement note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords(table_name="members_historicalreport")
    objects = ScopedManager.from_queryset(
        scoped_queryset("member__branch", "member__branch__committee", home_path="member__home_organisation")
    )()

    class Meta:
        db_table = "members_report"
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "-submitted_on"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period_start"], name="report_one_per_period"),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gte=F("submitted_on")),
                name="report_acknowledged_after_submitted",
                violation_error_message=_("A report cannot be acknowledged before it was submitted."),
            ),
        ]
        indexes = [
            models.Index(fields=["period_start", "member"], name="report_period_member"),
            # The lists of reports waiting for the home side's 签收, oldest first.
            models.Index(
                fields=["submitted_on"], condition=Q(acknowledged_on__isnull=True), name="report_unacknowledged"
            ),
            # The lists' order: the newest page without sorting the whole table.
            models.Index(fields=["-period_start", "-submitted_on"], name="report_newest_first"),
        ]

    def __str__(self):
        return f"{self.member} {self.period_start:%Y-%m}"

    def clean(self):
        if self.acknowledged_on and self.submitted_on and self.acknowledged_on < self.submitted_on:
            raise ValidationError({"acknowledged_on": _("A report cannot be acknowledged before it was submitted.")})


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("Claimed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# A claim in one of these states is still the member's to finish (overdue after the task's due date).
OPEN_CLAIM = (ClaimStatus.CLAIMED, ClaimStatus.IN_PROGRESS)


class Evaluation(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")


class TaskClaim(models.Model):
    """领任务 (一领): a member takes on a task the committee or branch published."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="task_claims", verbose_name=_("member"))
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="claims", verbose_name=_("task"))
    claimed_on = models.DateField(_("claimed on"), validators=[not_in_future])
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED)
    progress_notes = models.TextField(_("progress notes"), blank=True)
    result = models.TextField(_("result"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, validators=[not_in_future])
    evaluation = models.CharField(_("evaluation"), max_length=20, choices=Evaluation.choices, blank=True)
    dropped_reason = models.CharField(_("reason for dropping"), max_length=200, blank=True)

    history = HistoricalRecords(table_name="members_historicaltaskclaim")
    objects = ScopedManager.from_queryset(
        scoped_queryset("member__branch", "member__branch__committee", home_path="member__home_organisation")
    )()

    class Meta:
        db_table = "members_taskclaim"
        verbose_name = _("task claim")
        verbose_name_plural = _("task claims")
        ordering = ["-claimed_on", "-pk"]
        # The lists' order: the newest page without sorting the whole table.
        indexes = [models.Index(fields=["-claimed_on", "-id"], name="taskclaim_newest_first")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "task"],
                name="taskclaim_once_per_member",
                violation_error_message=_("This member has already claimed this task."),
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.task}"
