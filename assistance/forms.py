"""Forms of the assistance pages (crispy-forms, Bootstrap 5). Choices are scoped by the views."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.models import (
    Beneficiary,
    Campaign,
    Donation,
    HelpRequest,
    HelpStatus,
    InvestmentProject,
    JobFair,
    JobReferral,
    ReturnApplication,
    ReturnPost,
    Visit,
)
from branches.models import HomeOrganisation, PairedVillage
from lib.widgets import DateInput

MONEY_STEP = {"step": "0.01", "min": "0"}


def _helper(submit_label=None):
    helper = FormHelper()
    helper.form_tag = True
    helper.add_input(Submit("submit", submit_label or _("Save")))
    return helper


def _dates(*names):
    return {name: DateInput() for name in names}


class AssistanceModelForm(forms.ModelForm):
    """A model form laid out two fields a row on wide screens, one on phones."""

    wide = ()  # fields that take a whole row (long text)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Amounts and counts that default to 0 may be left empty.
        self.zero_defaults = {
            name: model_field.default
            for name in self.fields
            if (model_field := self._meta.model._meta.get_field(name)).has_default()
            and model_field.default in (0, Decimal(0))
            and not isinstance(model_field.default, bool)
        }
        for name in self.zero_defaults:
            self.fields[name].required = False
        self.helper = _helper()
        self.helper.layout = Layout(
            Div(
                *[
                    Div(Field(name), css_class="col-12" if name in self.wide else "col-12 col-md-6")
                    for name in self.fields
                ],
                css_class="row g-2",
            )
        )

    def clean(self):
        cleaned = super().clean()
        for name, default in self.zero_defaults.items():
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = default
        return cleaned


class HelpRequestForm(AssistanceModelForm):
    """受理: who asked, the category, where, the story, the day it came in."""

    wide = ("story",)

    class Meta:
        model = HelpRequest
        fields = [
            "branch",
            "received_on",
            "member",
            "requester_name",
            "requester_phone",
            "category",
            "location",
            "township",
            "village",
            "story",
        ]
        widgets = {**_dates("received_on"), "story": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["member"].help_text = _("A party member on file; otherwise give the fellow townsman's name.")

    def clean_requester_phone(self):
        phone = self.cleaned_data["requester_phone"].replace(" ", "").replace("-", "")
        if phone and not phone.isdigit():
            raise forms.ValidationError(_("A phone number has digits only."))
        return phone


# What the button that moves a case to each status says.
HELP_STEP_LABELS = {
    HelpStatus.IN_PROGRESS: _("Handle"),
    HelpStatus.REFERRED: _("Refer"),
    HelpStatus.RESOLVED: _("Record the outcome"),
    HelpStatus.CLOSED: _("Close the case"),
}


class HelpTransitionForm(forms.Form):
    """One step of a case: the date and a note, plus what the step needs."""

    acted_on = forms.DateField(label=_("date"), widget=DateInput())
    # 转回流出地: the member's village at home, from the county's list; it sees the case.
    referred_home = forms.ModelChoiceField(
        label=_("refer to the home village"),
        queryset=HomeOrganisation.objects.none(),
        required=False,
        help_text=_("The village branch at home takes up its part of the case and records what it did."),
        error_messages={
            "invalid_choice": _(
                "Choose the home village from the county's list of home organisations: the one chosen is not on it."
            )
        },
    )
    referred_to = forms.CharField(
        label=_("referred to"),
        max_length=100,
        required=False,
        help_text=_("e.g. the home village branch, the township, the human resources bureau"),
    )
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea(attrs={"rows": 3}))
    money_recovered = forms.DecimalField(
        label=_("money recovered or paid (yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs=MONEY_STEP),
    )
    note = forms.CharField(
        label=_("what was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, to_status, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acted_on"].initial = timezone.localdate()
        if to_status != HelpStatus.REFERRED:
            del self.fields["referred_to"]
            del self.fields["referred_home"]
        else:
            home = self.fields["referred_home"]
            home.queryset = HomeOrganisation.objects.branches().select_related("parent")
            if case.member_id and case.member.home_organisation_id:
                home.initial = case.member.home_organisation_id
        if to_status != HelpStatus.RESOLVED:
            del self.fields["outcome"]
            del self.fields["money_recovered"]
        else:
            self.fields["outcome"].initial = case.outcome
            self.fields["money_recovered"].initial = case.money_recovered or None
        self.helper = _helper(HELP_STEP_LABELS[to_status])

    def clean(self):
        cleaned = super().clean()
        referral = "referred_to" in self.fields and not self.has_error("referred_home")
        if referral and not cleaned.get("referred_home") and not cleaned.get("referred_to"):
            self.add_error("referred_to", _("Say where the case is referred to."))
        return cleaned


class HelpActionForm(forms.Form):
    """A note in the action log that does not move the case."""

    acted_on = forms.DateField(label=_("date"), widget=DateInput())
    description = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acted_on"].initial = timezone.localdate()
        self.helper = _helper(_("Add to the log"))


class VisitForm(AssistanceModelForm):
    wide = ("note",)

    class Meta:
        model = Visit
        fields = [
            "branch",
            "visited_on",
            "occasion",
            "reason",
            "member",
            "visitee_name",
            "township",
            "village",
            "visitors",
            "cash",
            "goods",
            "goods_value",
            "note",
        ]
        widgets = _dates("visited_on")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("member") and not cleaned.get("visitee_name"):
            self.add_error("visitee_name", _("Name the member or the family visited."))
        return cleaned


class CommitteeBranchForm(AssistanceModelForm):
    """A record of a committee, and optionally of one of its branches."""

    def clean(self):
        cleaned = super().clean()
        committee, branch = cleaned.get("committee"), cleaned.get("branch")
        if committee and branch and branch.committee_id != committee.pk:
            self.add_error("branch", _("The branch belongs to another committee."))
        return cleaned


class CampaignForm(CommitteeBranchForm):
    wide = ("name", "description")

    class Meta:
        model = Campaign
        fields = [
            "name",
            "purpose",
            "committee",
            "branch",
            "organiser",
            "target_amount",
            "starts_on",
            "ends_on",
            "description",
        ]
        widgets = {**_dates("starts_on", "ends_on"), "description": forms.Textarea(attrs={"rows": 3})}


class DonationForm(AssistanceModelForm):
    class Meta:
        model = Donation
        fields = ["donated_on", "member", "donor_name", "kind", "amount", "goods", "quantity"]
        widgets = _dates("donated_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donated_on"].initial = timezone.localdate()
        self.helper.inputs[0].value = _("Record the donation")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "goods" and not cleaned.get("goods"):
            self.add_error("goods", _("Say what goods were given."))
        return cleaned


class BeneficiaryForm(AssistanceModelForm):
    class Meta:
        model = Beneficiary
        fields = ["kind", "name", "township", "village", "amount", "goods"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs[0].value = _("Add the beneficiary")


class JobFairForm(CommitteeBranchForm):
    class Meta:
        model = JobFair
        fields = ["name", "committee", "branch", "held_on", "location", "employers", "posts_offered"]
        widgets = _dates("held_on")


class JobReferralForm(CommitteeBranchForm):
    class Meta:
        model = JobReferral
        fields = [
            "person_name",
            "township",
            "poverty_household",
            "employer",
            "city",
            "position",
            "monthly_wage",
            "referred_on",
            "committee",
            "branch",
            "job_fair",
        ]
        widgets = _dates("referred_on")


class InvestmentProjectForm(CommitteeBranchForm):
    wide = ("note",)

    class Meta:
        model = InvestmentProject
        fields = [
            "name",
            "company",
            "committee",
            "branch",
            "introduced_by",
            "industry",
            "amount_wan",
            "stage",
            "signed_on",
            "township",
            "village",
            "area_mu",
            "jobs",
            "annual_output_wan",
            "annual_tax_wan",
            "note",
        ]
        widgets = {**_dates("signed_on"), "note": forms.Textarea(attrs={"rows": 3})}


class ReturnPostForm(AssistanceModelForm):
    class Meta:
        model = ReturnPost
        fields = ["name", "committee", "title", "township", "village", "term_years", "quota", "opens_on", "closes_on"]
        widgets = _dates("opens_on", "closes_on")


class ReturnApplicationForm(AssistanceModelForm):
    """报名: a member of the user's scope applies for the post."""

    class Meta:
        model = ReturnApplication
        fields = ["member", "applied_on", "note"]
        widgets = _dates("applied_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applied_on"].initial = timezone.localdate()
        self.helper.inputs[0].value = _("Apply")


class TermStartForm(forms.Form):
    term_starts_on = forms.DateField(label=_("term starts on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term_starts_on"].widget.attrs.update(
            {"class": "form-control form-control-sm", "aria-label": _("term starts on")}
        )


class PairedVillageForm(AssistanceModelForm):
    """结对帮扶村: a branch's pairing with a poor village at home."""

    wide = ("note",)

    class Meta:
        model = PairedVillage
        fields = ["branch", "township", "village", "since", "households_visited", "note"]
        widgets = _dates("since")
