from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.widgets import DateInput


class AcknowledgeForm(forms.Form):
    """签收 with an optional note."""

    note = forms.CharField(
        label=_("note"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 已阅，望继续发挥作用")}),
    )


class HomeActionForm(forms.Form):
    """An entry by the village in a referred case's action log."""

    acted_on = forms.DateField(label=_("date"), widget=DateInput())
    description = forms.CharField(label=_("what was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acted_on"].initial = timezone.localdate()


class HomeCloseForm(forms.Form):
    """The village closes its part of a referred case."""

    acted_on = forms.DateField(label=_("date"), widget=DateInput())
    outcome = forms.CharField(
        label=_("what the home organisation did"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acted_on"].initial = timezone.localdate()


class TransferReceiptForm(forms.Form):
    """回执: the day the relation arrived at the village, and a note."""

    received_on = forms.DateField(
        label=_("receipt received on"),
        widget=DateInput(attrs={"class": "form-control form-control-sm", "aria-label": _("receipt received on")}),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
