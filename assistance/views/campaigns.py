"""募捐/帮扶活动: campaigns with their donations and beneficiaries, totals per campaign and per year."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistance.filters import CampaignFilter
from assistance.forms import BeneficiaryForm, CampaignForm, DonationForm
from assistance.models import Campaign, Donation
from assistance.totals import donations_by_year, with_campaign_totals
from assistance.views.common import (
    can_change,
    change_required,
    export,
    filtered,
    form_page,
    list_page,
    scope_choices,
)
from branches.permissions import can_write, reader_required, writer_required


def _campaigns(request):
    return with_campaign_totals(Campaign.objects.visible_to(request.user).select_related("committee", "branch"))


@reader_required
def campaign_list(request):
    filterset = filtered(request, CampaignFilter, _campaigns(request))
    donations = Donation.objects.visible_to(request.user).filter(campaign__in=filterset.qs.values("pk"))
    return list_page(
        request,
        "assistance/campaign_list.html",
        filterset,
        context={
            "new_url": reverse("assistance:campaign_create"),
            "export_url": reverse("assistance:campaign_export"),
            "years": donations_by_year(donations),
        },
    )


@reader_required
def campaign_export(request):
    columns = [
        (_("name"), lambda c: c.name),
        (_("purpose"), lambda c: c.get_purpose_display()),
        (_("organiser"), lambda c: c.organiser),
        (_("branch"), lambda c: c.branch.name if c.branch_id else _("Whole committee")),
        (_("starts on"), lambda c: c.starts_on),
        (_("ends on"), lambda c: c.ends_on),
        (_("target (yuan)"), lambda c: float(c.target_amount)),
        (_("money (yuan)"), lambda c: float(c.money)),
        (_("goods (items)"), lambda c: c.goods_items),
        (_("value of goods (yuan)"), lambda c: float(c.goods_value)),
        (_("donations"), lambda c: c.donation_count),
        (_("beneficiaries"), lambda c: c.beneficiary_count),
    ]
    return export(
        request,
        filtered(request, CampaignFilter, _campaigns(request)),
        filename=_("campaigns"),
        title=_("Campaigns"),
        columns=columns,
        what="assistance.Campaign",
    )


def _campaign_for_user(request, pk):
    return get_object_or_404(_campaigns(request), pk=pk)


@reader_required
def campaign_detail(request, pk):
    campaign = _campaign_for_user(request, pk)
    context = {
        "campaign": campaign,
        # Through the scoping function like every list: it decides whose donations a user reads.
        "donations": Donation.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("member", "member__branch"),
        "beneficiaries": campaign.beneficiaries.all(),
        "can_write": can_write(request.user),
        "can_change": can_change(request.user, campaign),
    }
    if context["can_write"]:
        donation_form = scope_choices(DonationForm(prefix="donation"), request.user)
        donation_form.helper.form_action = reverse("assistance:donation_create", args=[campaign.pk])
        beneficiary_form = BeneficiaryForm(prefix="beneficiary")
        beneficiary_form.helper.form_action = reverse("assistance:beneficiary_create", args=[campaign.pk])
        context |= {"donation_form": donation_form, "beneficiary_form": beneficiary_form}
    return render(request, "assistance/campaign_detail.html", context)


@writer_required
@require_POST
def donation_create(request, pk):
    campaign = _campaign_for_user(request, pk)
    form = scope_choices(DonationForm(request.POST, prefix="donation"), request.user)
    form.instance.campaign = campaign
    if form.is_valid():
        form.save()
        messages.success(request, _("The donation is recorded."))
    else:
        _report_errors(request, form)
    return redirect("assistance:campaign_detail", pk=campaign.pk)


@writer_required
@require_POST
def beneficiary_create(request, pk):
    campaign = _campaign_for_user(request, pk)
    # Who a campaign helps is part of the campaign: its editors decide, as for the campaign.
    change_required(request.user, campaign)
    form = BeneficiaryForm(request.POST, prefix="beneficiary")
    form.instance.campaign = campaign
    if form.is_valid():
        form.save()
        messages.success(request, _("The beneficiary is added."))
    else:
        _report_errors(request, form)
    return redirect("assistance:campaign_detail", pk=campaign.pk)


def _report_errors(request, form):
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for text in errors:
            messages.error(request, f"{label}：{text}" if label else text)


def _campaign_form(request, instance=None):
    return form_page(
        request,
        CampaignForm,
        instance=instance,
        title=_("Edit the campaign") if instance else _("New campaign"),
        list_name="assistance:campaign_list",
        list_title=_("Campaigns"),
        saved=_("The campaign is saved."),
        then=lambda campaign: reverse("assistance:campaign_detail", args=[campaign.pk]),
    )


@writer_required
def campaign_create(request):
    return _campaign_form(request)


@writer_required
def campaign_update(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    change_required(request.user, campaign)
    return _campaign_form(request, campaign)
