"""民主评议党员 (中国共产党党员教育管理工作条例, 2019; docs/appraisals.md).

An ``Appraisal`` is one member's grade for one year, decided at a meeting of the branch that
assessed the member (a mobile member is assessed where they work, in Guangdong) and sent to
the member's home organisation, which reads it (``home_organisation``, kept as it was when
graded). A grade of 不合格 opens the 组织处置 steps (``Disposal``): 限期改正 first, then what
the rules allow.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, HomeOrganisation
from branches.scoping import ScopedManager, scoped_queryset
from meetings.models import Meeting
from members.models import Member, StatusChange


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    BASIC = "basic", _("Basically qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class Appraisal(models.Model):
    """民主评议: a member's grade for the year, with the meeting it was decided at."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("member"))
    year = models.PositiveSmallIntegerField(_("year"))
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("assessing branch")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("decided at the meeting")
    )
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    # Where the result was sent: the member's home organisation when graded (流出地).
    home_organisation = models.ForeignKey(
        HomeOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisals",
        verbose_name=_("sent to the home organisation"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset(home_path="home_organisation"))()

    class Meta:
        verbose_name = _("democratic appraisal")
        verbose_name_plural = _("democratic appraisals")
        ordering = ["-year", "branch_id", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="appraisal_once_a_year",
                violation_error_message=_("This member has already been graded for the year."),
            ),
        ]
        indexes = [models.Index(fields=["branch", "year", "grade"], name="appraisal_branch_year")]

    def __str__(self):
        return f"{self.year} {self.member} {self.get_grade_display()}"


class DisposalKind(models.TextChoices):
    CORRECTION = "correction", _("Correction within a time limit")
    CORRECTED = "corrected", _("Corrected: qualified again")
    PERSUADE = "persuade", _("Persuaded to leave the party")
    REMOVAL = "removal", _("Removed from the party")


class Disposal(models.Model):
    """组织处置: one step taken on a member graded 不合格."""

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.PROTECT, related_name="disposals", verbose_name=_("appraisal")
    )
    kind = models.CharField(_("step"), max_length=20, choices=DisposalKind.choices)
    decided_on = models.DateField(_("decided on"))
    deadline = models.DateField(_("to be corrected by"), null=True, blank=True)
    # 劝其退党 and 除名: decided by the branch's general meeting, approved by the next higher
    # organisation (党章 第九条).
    decision = models.CharField(_("decided by (meeting or document)"), max_length=100, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=100, blank=True)
    # 除名: the step of the member's status history it made (members.lifecycle, 除名).
    status_change = models.OneToOneField(
        StatusChange,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disposal",
        verbose_name=_("status change"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(
        scoped_queryset("appraisal__branch", "appraisal__branch__committee", home_path="appraisal__home_organisation")
    )()

    class Meta:
        verbose_name = _("organisational disposal")
        verbose_name_plural = _("organisational disposals")
        ordering = ["appraisal_id", "decided_on", "pk"]

    def __str__(self):
        return f"{self.appraisal.member} {self.get_kind_display()}"
