"""Form widgets: the one date input, and a select for long choice lists."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class DateInput(forms.DateInput):
    """The browser's date picker (``type="date"``) for every date field and filter.

    The picker sends and expects ISO dates (YYYY-MM-DD) whatever the page's
    language, so the value is always written that way too (Chinese formats
    would write 2026/03/31, which the picker shows as empty).
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CompactSelect(forms.Select):
    """A ``<select>`` written in one pass over its choices.

    Django builds a dictionary and renders a template for every option (about
    0.1 ms each); a county administrator's branch filter has hundreds of options,
    which made the filter form the slowest part of the member list. Each option is
    escaped with the standard library's ``html.escape`` (what Django's ``escape``
    calls) rather than through ``format_html``, whose lazy-string checks cost more
    than the escaping itself at this count. No option groups: the lists this is for
    are flat, and their values and labels are data, never safe strings.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = []
        for option, label in self.choices:
            option = "" if option is None else str(option)
            selected = " selected" if option in chosen else ""
            options.append(f'<option value="{escape(option)}"{selected}>{escape(str(label))}</option>')
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe("".join(options)))
