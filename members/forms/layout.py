"""Crispy layout helpers the members' forms share."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row, Submit
from django.utils.translation import gettext_lazy as _


def _row(*names, size="md-4"):
    return Row(*[Column(name, css_class=f"col-{size}") for name in names])


def _form_helper(label=None):
    helper = FormHelper()
    helper.add_input(Submit("submit", label or _("Save")))
    return helper
