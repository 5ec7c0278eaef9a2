"""Forms of the dues pages; the rules themselves are checked in dues.services."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import DuesCollector
from dues import months
from dues.models import PaymentWay
from dues.services import MAX_PREPAID_MONTHS, admitted_month
from dues.standard import PayerKind
from lib.widgets import DateInput


def _helper(fields, submit):
    helper = FormHelper()
    helper.add_input(Submit("submit", submit))
    helper.layout = Layout(Row(*[Column(Field(name), css_class="col-12 col-md-6") for name in fields]))
    return helper


def _month_choices(first: int, last: int):
    return [(str(month), months.label(month)) for month in range(last, first - 1, -1)]


class BaseForm(forms.Form):
    """核定党费基数: from which month, the payer kind and the income or amount."""

    from_month = forms.TypedChoiceField(label=_("From month"), coerce=int)
    kind = forms.ChoiceField(label=_("Payer kind"), choices=PayerKind.choices)
    income = forms.DecimalField(
        label=_("Monthly income after tax (yuan)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("In work: the regular monthly income after tax; retired: the pension."),
    )
    amount = forms.DecimalField(
        label=_("Monthly amount (yuan)"),
        required=False,
        max_digits=9,
        decimal_places=2,
        help_text=_("A farmer's 0.2–1 yuan, or the amount the branch decided."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def __init__(self, *args, member, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        current = months.month_index(today)
        first = min(admitted_month(member), current)
        # Not more than a few years back: a base is set when the income changes.
        self.fields["from_month"].choices = _month_choices(max(first, current - 36), current)
        self.initial.setdefault("from_month", str(max(admitted_month(member), months.month_index(today.year, 1))))
        self.helper = _helper(self.fields, _("Save"))


class PaymentForm(forms.Form):
    """交纳党费: the first month, how many months, amount, date, way and who collected it."""

    first_month = forms.TypedChoiceField(label=_("From month"), coerce=int)
    month_count = forms.IntegerField(label=_("Months"), min_value=1, max_value=36, initial=1)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    way = forms.ChoiceField(label=_("Way of payment"), choices=PaymentWay.choices)
    collected_by = forms.CharField(label=_("Collected by"), max_length=50)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
    confirm_far = forms.BooleanField(
        label=_("I confirm an amount over ten times the standard"),
        required=False,
    )

    def __init__(self, *args, account, today=None, collector_name="", **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        current = months.month_index(today)
        first = account.first_month if account else current
        self.fields["first_month"].choices = _month_choices(first, current + MAX_PREPAID_MONTHS)
        if account:
            self.initial.setdefault("first_month", str(account.paid_through + 1))
            self.initial.setdefault("amount", account.standard)
        self.initial.setdefault("paid_on", today)
        self.initial.setdefault("collected_by", collector_name)
        self.helper = _helper(self.fields, _("Record the payment"))


class DifferenceForm(forms.Form):
    """补交差额: the difference owed for months paid before the base was corrected."""

    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    way = forms.ChoiceField(label=_("Way of payment"), choices=PaymentWay.choices)
    collected_by = forms.CharField(label=_("Collected by"), max_length=50)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, owed, today=None, collector_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("amount", owed)
        self.initial.setdefault("paid_on", today or timezone.localdate())
        self.initial.setdefault("collected_by", collector_name)
        self.helper = _helper(self.fields, _("Record the difference"))


class AccountForm(forms.Form):
    """Who collects the member's dues, and the reason recorded for arrears."""

    collector = forms.ChoiceField(label=_("Collected by"), choices=DuesCollector.choices)
    arrears_reason = forms.CharField(
        label=_("Reason for arrears"),
        required=False,
        max_length=200,
        help_text=_("A recorded reason keeps the member off the 自行脱党 warning."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self.fields, _("Save"))


class RemittanceForm(forms.Form):
    """上缴: a month's dues handed up to the county organisation department."""

    month = forms.TypedChoiceField(label=_("Month"), coerce=int)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=10, decimal_places=2, min_value=0)
    remitted_on = forms.DateField(label=_("Handed up on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        current = months.month_index(today)
        self.fields["month"].choices = _month_choices(current - 24, current)
        self.initial.setdefault("month", str(current))
        self.initial.setdefault("remitted_on", today)
        self.helper = _helper(self.fields, _("Save"))
