"""Where a figure leads: the list that it counts, with the matching filter.

One place for every link the dashboard and the statistics pages draw, so that
re-pointing them is a one-line change here. Figures whose list has no matching
filter of its own (donations and projects by year) open the admin changelist,
whose query string takes plain field lookups (``status__in=a,b``, ``donated_on__year=2026``).
"""

from urllib.parse import urlencode

from django.urls import reverse


def _with_query(url: str, filters: dict) -> str:
    query = urlencode({key: value for key, value in filters.items() if value is not None})
    return f"{url}?{query}" if query else url


def member_list_url(**filters) -> str:
    """The member list filtered by ``branch``, ``category``, ``status``, ``hometown_township``, ``work_city`` …."""
    return _with_query(reverse("members:list"), filters)


def member_detail_url(pk) -> str:
    return reverse("members:detail", args=[pk])


def admin_list_url(model_label: str, **filters) -> str:
    """``admin_list_url("assistance.helprequest", status__in="received,referred")``."""
    app_label, model_name = model_label.lower().split(".")
    return _with_query(reverse(f"admin:{app_label}_{model_name}_changelist"), filters)
