"""Messages of packages whose Chinese catalogue lacks them (Django 5.2's password
validators changed their wording). Listed here so that makemessages extracts them into
our catalogue, which comes first in LOCALE_PATHS; never imported."""

from django.utils.translation import ngettext_lazy

ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    10,
)
ngettext_lazy(
    "Your password must contain at least %(min_length)d character.",
    "Your password must contain at least %(min_length)d characters.",
    10,
)
