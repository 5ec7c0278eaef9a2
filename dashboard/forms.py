from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from lib.validators import not_in_future
from lib.widgets import DateInput


class ProfileDateForm(forms.Form):
    """The day the 党员队伍基本情况 counts as on, and the names its signature lines print."""

    on = forms.DateField(label=_("As on"), required=False, widget=DateInput(), validators=[not_in_future])
    preparer = forms.CharField(label=_("Prepared by"), max_length=30, required=False)
    reviewer = forms.CharField(label=_("Reviewed by"), max_length=30, required=False)

    def __init__(self, data=None):
        bound = data if data and any(data.get(name) for name in ("on", "preparer", "reviewer")) else None
        super().__init__(bound, initial={"on": timezone.localdate()})

    def chosen_date(self):
        """The valid date asked for, or today."""
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return timezone.localdate()

    def signatures(self, user, unit) -> dict:
        """填报单位 / 填表人 / 审核人 / 填报日期 under the printed report: the preparer is the
        user unless another name is given; the reviewer's line stays blank to sign by hand."""
        names = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "unit": unit,
            "preparer": names.get("preparer") or user.get_full_name() or user.get_username(),
            "reviewer": names.get("reviewer", ""),
            "date": timezone.localdate(),
        }


# The committee settings its staff keep (流动党委设置); name, region and founding day are the
# county's.
COUNTY_FIELDS = ["name", "short_name", "region", "founded_on"]
SETTING_FIELDS = [
    "office_address",
    "report_cycle",
    "check_in_grace_days",
    "receipt_overdue_months",
    "certificate_validity_months",
    # 党费 (docs/dues.md): who collects a mobile member's dues.
    "dues_collector",
    # 组织生活 (docs/meetings.md): who votes, the quorums, the terms and the 换届 reminder.
    "mobile_members_vote",
    "general_quorum_percent",
    "election_quorum_percent",
    "branch_term_years",
    "renewal_notice_months",
    "term_years",
    "term_started_on",
]


class CommitteeSettingsForm(forms.ModelForm):
    """流动党委设置: the committee's details and the settings the rules leave to it, each with
    the national rule as its default (docs/branches.md)."""

    class Meta:
        model = Committee
        fields = COUNTY_FIELDS + SETTING_FIELDS
        widgets = {"founded_on": DateInput(), "term_started_on": DateInput()}

    def __init__(self, *args, county: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not county:
            for name in COUNTY_FIELDS:
                del self.fields[name]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
        self.helper.layout = Layout(
            Row(*[Column(Field(name), css_class="col-12 col-md-6") for name in self.fields]),
        )


class BranchForm(forms.ModelForm):
    """党支部: set up by its committee's staff or the county, its details kept up to date,
    dissolved on a day (never deleted: its members, meetings and history stay)."""

    class Meta:
        model = Branch
        fields = ["committee", "ordinal", "name", "city", "venue_address", "founded_on", "dissolved_on"]
        widgets = {"founded_on": DateInput(), "dissolved_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["committee"]  # a branch moves committee through the county's admin
        else:
            committees = Committee.objects.visible_to(user)
            self.fields["committee"].queryset = committees
            only = list(committees.values_list("pk", flat=True)[:2])
            if len(only) == 1 and not self.is_bound:
                self.initial["committee"] = only[0]
        self.fields["dissolved_on"].validators.append(not_in_future)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
        self.helper.layout = Layout(
            Row(*[Column(Field(name), css_class="col-12 col-md-6") for name in self.fields]),
        )
