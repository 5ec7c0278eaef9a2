from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appraisals.models import DisposalKind
from lib.widgets import DateInput


class DisposalForm(forms.Form):
    """One step of 组织处置: the steps allowed now, the day, the time given to correct, a note."""

    kind = forms.ChoiceField(label=_("step"))
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput())
    deadline = forms.DateField(label=_("to be corrected by"), widget=DateInput(), required=False)
    decision = forms.CharField(
        label=_("decided by (meeting or document)"),
        max_length=100,
        required=False,
        help_text=_("劝其退党 and 除名: the branch's general meeting."),
    )
    approved_by = forms.CharField(label=_("approved by"), max_length=100, required=False)
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(step, DisposalKind(step).label) for step in steps]
        self.fields["decided_on"].initial = timezone.localdate()
