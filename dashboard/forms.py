from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.validators import not_in_future


class DateInput(forms.DateInput):
    input_type = "date"


class SearchFormHelper(FormHelper):
    """Search forms above tables: fields in a row, our own 查询 / 重置 buttons after them."""

    form_tag = False
    disable_csrf = True

    def __init__(self, *fields):
        super().__init__()
        self.layout = Layout(*[Column(name, css_class="col-12 col-sm-auto") for name in fields])


class ProfileDateForm(forms.Form):
    """The day the 党员队伍基本情况 counts as on."""

    # type="date" inputs take ISO dates whatever the language.
    on = forms.DateField(
        label=_("As on"), required=False, widget=DateInput(format="%Y-%m-%d"), validators=[not_in_future]
    )

    def __init__(self, data=None):
        super().__init__(data if data and data.get("on") else None, initial={"on": timezone.localdate()})
        self.helper = SearchFormHelper("on")

    def chosen_date(self):
        """The valid date asked for, or today."""
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return timezone.localdate()
