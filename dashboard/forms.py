from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.validators import not_in_future
from lib.widgets import DateInput


class ProfileDateForm(forms.Form):
    """The day the 党员队伍基本情况 counts as on."""

    on = forms.DateField(label=_("As on"), required=False, widget=DateInput(), validators=[not_in_future])

    def __init__(self, data=None):
        super().__init__(data if data and data.get("on") else None, initial={"on": timezone.localdate()})

    def chosen_date(self):
        """The valid date asked for, or today."""
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return timezone.localdate()
