"""Widgets for long choice lists."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")


class CompactSelect(forms.Select):
    """A ``<select>`` written in one pass over its choices.

    Django builds a dictionary and renders a template for every option (about
    0.1 ms each); a county administrator's branch filter has hundreds of options,
    which made the filter form the slowest part of the member list. No option
    groups: the lists this is for are flat.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if option is None else option,
                    SELECTED if str("" if option is None else option) in chosen else "",
                    label,
                )
                for option, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)
