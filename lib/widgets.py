"""Form widgets: the one date input, the one file input, and a select for long choice lists."""

import re
import unicodedata
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# A date as people in Anren write it: 2027-02-20, 2027/2/20, 2027.2.20, 2027年2月20日
# (full-width digits too). Read into ISO before the field parses it, whatever the language.
_CHINESE_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def normalise_date(text):
    """``text`` as YYYY-MM-DD when it is a year-month-day date in one of the usual Chinese
    forms; anything else unchanged, for the field to refuse with its own message."""
    if not isinstance(text, str):
        return text
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _CHINESE_DATE.match(folded)
    if not match:
        return text
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


class DateInput(forms.DateInput):
    """The one date input of every form and filter: a text input that shows and takes
    YYYY-MM-DD whatever the browser's language, with flatpickr's calendar in Chinese.

    Not ``type="date"``: that picker follows the browser's language (an English Windows
    shows mm/dd/yyyy, and typing 2027-02-20 into it gave the year 70220). flatpickr
    (npm, served from ``static/vendor/``, see the Makefile) is started on every
    ``[data-datepicker]`` by ``static/js/datepicker.js``; without scripts the input is
    still a plain text box. The server also reads 2027/2/20 and 2027年2月20日.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "data-datepicker": "",
            "placeholder": "YYYY-MM-DD",
            "autocomplete": "off",
            "inputmode": "numeric",
            "maxlength": "16",
            **(attrs or {}),
        }
        super().__init__(attrs, format="%Y-%m-%d")

    def value_from_datadict(self, data, files, name):
        return normalise_date(super().value_from_datadict(data, files, name))


class FileInput(forms.ClearableFileInput):
    """A file input labelled in Chinese (选择文件 / 未选择文件) whatever the browser's
    language: the browser's own button says "Choose File" on an English Windows and
    cannot be relabelled, so it sits hidden (still focusable, still read by screen
    readers) inside a label styled as a button, and ``static/js/file_input.js`` writes
    the chosen files' names. The markup is ``templates/includes/file_picker.html``, which
    the crispy forms' file fields use too (``templates/bootstrap5/layout/field_file.html``),
    so every file input of the project reads the same. ``multiple`` for several files.
    """

    def __init__(self, attrs=None, *, multiple=False):
        self.allow_multiple_selected = multiple
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        data = self.get_context(name, value, attrs)["widget"]
        return render_to_string("includes/file_picker.html", {"data": data, "disabled": data["attrs"].get("disabled")})


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
