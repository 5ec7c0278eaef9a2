"""招商引资: investment projects, credited to the member who brought them."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from assistance.models.common import MONEY, CommitteeWideQuerySet
from branches.models import Branch, Committee
from branches.scoping import ScopedManager
from members.models import Member


class ProjectStage(models.TextChoices):
    INTENT = "intent", _("Letter of intent")
    SIGNED = "signed", _("Signed")
    BUILDING = "building", _("Under construction")
    PRODUCING = "producing", _("In production")


class InvestmentProject(models.Model):
    """招商引资项目 brought home by a member."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="projects", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=200)
    company = models.CharField(_("company"), max_length=200)
    introduced_by = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("introduced by"),
    )
    amount_wan = models.DecimalField(_("investment (10,000 yuan)"), **MONEY)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.INTENT)
    area_mu = models.DecimalField(_("land (mu)"), **MONEY)
    jobs = models.PositiveIntegerField(_("jobs"), default=0)
    annual_output_wan = models.DecimalField(_("annual output (10,000 yuan)"), **MONEY)
    annual_tax_wan = models.DecimalField(_("annual tax (10,000 yuan)"), **MONEY)
    note = models.TextField(_("note"), blank=True)

    objects = ScopedManager.from_queryset(CommitteeWideQuerySet)()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["-signed_on", "-pk"]

    def __str__(self):
        return self.name


def projects_visible_to(user):
    """The projects ``user`` may read. A committee-wide project names the member who brought
    it only to those who may read that member's file (``introducer_visible``)."""
    introducer = Member.objects.visible_to(user).filter(pk=OuterRef("introduced_by"))
    return InvestmentProject.objects.visible_to(user).annotate(introducer_visible=Exists(introducer))
