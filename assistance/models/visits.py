"""走访慰问: visits to members and their families."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assistance.models.common import MONEY
from branches.models import Branch
from branches.scoping import ScopedManager
from lib.validators import not_in_future
from members.models import Member


class VisitOccasion(models.TextChoices):
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    JULY_FIRST = "july_first", _("July 1st")
    OTHER = "other", _("Other")


class VisitReason(models.TextChoices):
    HARDSHIP = "hardship", _("Hardship")
    FAMILY_CONFLICT = "family_conflict", _("Family conflict")
    ILLNESS = "illness", _("Illness")
    WORK_INJURY = "work_injury", _("Work injury")
    ELDERLY = "elderly", _("Elderly member")
    POOR_HOUSEHOLD = "poor_household", _("Poor household")
    OTHER = "other", _("Other")


class Visit(models.Model):
    """走访慰问: a visit to a member, a member's family or a poor household."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="visits", verbose_name=_("branch"))
    visited_on = models.DateField(_("visited on"), validators=[not_in_future])
    occasion = models.CharField(_("occasion"), max_length=20, choices=VisitOccasion.choices)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("member")
    )
    visitee_name = models.CharField(_("visited (if not a member)"), max_length=50, blank=True)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=VisitReason.choices)
    visitors = models.CharField(_("visitors"), max_length=200, blank=True)
    cash = models.DecimalField(_("cash (yuan)"), **MONEY)
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    goods_value = models.DecimalField(_("value of goods (yuan)"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["branch", "visited_on"], name="visit_branch_date")]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} {self.member or self.visitee_name}"
