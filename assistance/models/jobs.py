"""就业推荐: job fairs and job referrals."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assistance.models.common import MONEY, CommitteeWideQuerySet
from branches.models import Branch, Committee
from branches.scoping import ScopedManager
from lib.validators import not_in_future


class JobFair(models.Model):
    """招聘会: a recruitment event with the posts offered."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="job_fairs", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="job_fairs", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("held on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    employers = models.PositiveIntegerField(_("employers"), default=0)
    posts_offered = models.PositiveIntegerField(_("posts offered"), default=0)

    objects = ScopedManager.from_queryset(CommitteeWideQuerySet)()

    class Meta:
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-held_on"]

    def __str__(self):
        return self.name


class JobReferral(models.Model):
    """就业推荐: a worker placed with an employer through the committee."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="job_referrals", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="job_referrals", verbose_name=_("branch")
    )
    job_fair = models.ForeignKey(
        JobFair, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals", verbose_name=_("job fair")
    )
    person_name = models.CharField(_("person"), max_length=50)
    township = models.CharField(_("township"), max_length=30, blank=True)
    poverty_household = models.BooleanField(_("from a registered poor household"), default=False)
    employer = models.CharField(_("employer"), max_length=100)
    city = models.CharField(_("city"), max_length=30)
    position = models.CharField(_("position"), max_length=50, blank=True)
    monthly_wage = models.DecimalField(_("monthly wage (yuan)"), **MONEY)
    referred_on = models.DateField(_("referred on"), validators=[not_in_future])

    objects = ScopedManager.from_queryset(CommitteeWideQuerySet)()

    class Meta:
        verbose_name = _("job referral")
        verbose_name_plural = _("job referrals")
        ordering = ["-referred_on", "-pk"]

    def __str__(self):
        return f"{self.person_name} → {self.employer}"
