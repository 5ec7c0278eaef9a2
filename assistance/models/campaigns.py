"""募捐/帮扶活动: campaigns, their donations and their beneficiaries."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assistance.models.common import MONEY, CommitteeWideQuerySet
from branches.models import Branch, Committee
from branches.scoping import ScopedManager, scoped_queryset
from lib.validators import not_in_future
from members.models import Member


class CampaignPurpose(models.TextChoices):
    EDUCATION = "education", _("Education aid")
    POVERTY = "poverty", _("Poverty relief")
    DISASTER = "disaster", _("Disaster relief")
    EPIDEMIC = "epidemic", _("Epidemic prevention")
    CHARITY = "charity", _("Charity")


class Campaign(models.Model):
    """募捐/帮扶活动: a fundraising or aid campaign run by the committee or a branch."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="campaigns", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=CampaignPurpose.choices)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    target_amount = models.DecimalField(_("target (yuan)"), **MONEY)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager.from_queryset(CommitteeWideQuerySet)()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A campaign cannot end before it starts.")})


class DonationKind(models.TextChoices):
    MONEY = "money", _("Money")
    GOODS = "goods", _("Goods")


class Donation(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="donations", verbose_name=_("campaign")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("donor (member)"),
    )
    donor_name = models.CharField(_("donor (if not a member)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DonationKind.choices, default=DonationKind.MONEY)
    goods = models.CharField(_("goods"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    amount = models.DecimalField(_("amount or value (yuan)"), **MONEY)
    donated_on = models.DateField(_("donated on"), validators=[not_in_future])

    objects = ScopedManager.from_queryset(
        scoped_queryset("campaign__branch", "campaign__committee", committee_wide_path="campaign__branch")
    )()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-donated_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(donor_name=""),
                name="donation_has_donor",
                violation_error_message=_("Name the member or the other donor."),
            ),
        ]

    def __str__(self):
        return f"{self.member or self.donor_name} · {self.amount}"

    def clean(self):
        if not self.member_id and not self.donor_name:
            raise ValidationError({"donor_name": _("Name the member or the other donor.")})


class BeneficiaryKind(models.TextChoices):
    STUDENT = "student", _("Student")
    HOUSEHOLD = "household", _("Household")
    VILLAGE = "village", _("Village")


class Beneficiary(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="beneficiaries", verbose_name=_("campaign")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BeneficiaryKind.choices)
    name = models.CharField(_("name"), max_length=100)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    goods = models.CharField(_("goods given"), max_length=100, blank=True)

    objects = ScopedManager.from_queryset(
        scoped_queryset("campaign__branch", "campaign__committee", committee_wide_path="campaign__branch")
    )()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["campaign_id", "pk"]

    def __str__(self):
        return self.name
