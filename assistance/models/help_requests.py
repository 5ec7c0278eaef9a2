"""排忧解难: help requests (困难诉求) and the dated log of what was done on each."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assistance.models.common import MONEY
from branches.models import Branch, HomeOrganisation
from branches.scoping import ScopedManager, scoped_queryset
from lib.validators import not_in_future
from members.models import Member


class HelpCategory(models.TextChoices):
    WORK_INJURY = "work_injury", _("Work injury")
    WAGE_DISPUTE = "wage_dispute", _("Labour dispute / unpaid wages")
    SCHOOLING = "schooling", _("Children's schooling")
    LEFT_BEHIND_ELDERLY = "elderly", _("Left-behind elderly")
    HOUSE_REPAIR = "house_repair", _("House repair")
    MEDICAL = "medical", _("Medical")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


class HelpLocation(models.TextChoices):
    GUANGDONG = "guangdong", _("In Guangdong")
    HOMETOWN = "hometown", _("At home in Anren")


class HelpStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# A case in one of these states needs nothing more from the branch.
OPEN_ENDED_STATUSES = (HelpStatus.RESOLVED, HelpStatus.CLOSED)
# A case still open after this many days is overdue: highlighted and filtered for on the
# list, counted on the dashboard.
OVERDUE_DAYS = 30


def overdue_cutoff(today: datetime.date) -> datetime.date:
    """Cases received before this day and still open are overdue."""
    return today - datetime.timedelta(days=OVERDUE_DAYS)


class HelpRequest(models.Model):
    """困难诉求 (排忧解难): a member or fellow townsman asks the branch for help."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="help_requests", verbose_name=_("member")
    )
    requester_name = models.CharField(
        _("requester (not a member)"), max_length=50, blank=True, help_text=_("A fellow townsman (老乡) by name.")
    )
    requester_phone = models.CharField(_("requester phone"), max_length=12, blank=True)
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="help_requests", verbose_name=_("handling branch")
    )
    category = models.CharField(_("category"), max_length=20, choices=HelpCategory.choices)
    location = models.CharField(_("where"), max_length=20, choices=HelpLocation.choices)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    story = models.TextField(_("what happened"))
    received_on = models.DateField(_("received on"), validators=[not_in_future])
    status = models.CharField(_("status"), max_length=20, choices=HelpStatus.choices, default=HelpStatus.RECEIVED)
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    # 转回流出地: a case the branch refers to the member's village at home, which records
    # what it did in the same action log and closes its part (home_closed_on).
    referred_home = models.ForeignKey(
        HomeOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_help_requests",
        verbose_name=_("referred to the home organisation"),
    )
    referred_home_on = models.DateField(_("referred home on"), null=True, blank=True)
    home_closed_on = models.DateField(_("home part closed on"), null=True, blank=True)
    home_outcome = models.TextField(_("what the home organisation did"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    money_recovered = models.DecimalField(_("money recovered or paid (yuan)"), **MONEY)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=[not_in_future])

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset(home_path="referred_home"))()

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(requester_name=""),
                name="helprequest_has_requester",
                violation_error_message=_("Name the member or the fellow townsman who asked for help."),
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "status", "received_on"], name="helprequest_branch_status"),
            # The village's list of cases referred home, its open ones first.
            models.Index(fields=["referred_home", "home_closed_on"], name="helprequest_referred_home"),
            models.Index(fields=["category"], name="helprequest_category"),
        ]

    def __str__(self):
        return f"{self.requester_display} · {self.get_category_display()}"

    @property
    def requester_display(self):
        return self.member.name if self.member_id else self.requester_name

    @property
    def is_open(self) -> bool:
        return self.status not in OPEN_ENDED_STATUSES

    def days_open(self, today=None) -> int:
        """Days since the case came in, for open cases; 0 once it is resolved or closed."""
        if not self.is_open:
            return 0
        return ((today or timezone.localdate()) - self.received_on).days

    def clean(self):
        if not self.member_id and not self.requester_name:
            raise ValidationError({"requester_name": _("Name the member or the fellow townsman who asked for help.")})


class HelpAction(models.Model):
    """A dated entry in a case's action log: who did what."""

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="actions", verbose_name=_("help request")
    )
    acted_on = models.DateField(_("date"), validators=[not_in_future])
    description = models.TextField(_("what was done"))
    status_after = models.CharField(_("status afterwards"), max_length=20, choices=HelpStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Written by the home village on a case referred home: both sides keep one log.
    by_home = models.BooleanField(_("by the home organisation"), default=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedManager.from_queryset(
        scoped_queryset(
            "help_request__branch", "help_request__branch__committee", home_path="help_request__referred_home"
        )
    )()

    class Meta:
        verbose_name = _("case action")
        verbose_name_plural = _("case actions")
        ordering = ["acted_on", "pk"]

    def __str__(self):
        return f"{self.acted_on:%Y-%m-%d} {self.description[:30]}"
