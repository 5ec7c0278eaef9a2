"""Where a figure leads: the list that it counts, with the matching filter.

One place for every link the dashboard and the statistics pages draw, so that
re-pointing them at an area's own pages is a one-line change here. Lists that
have no page of their own yet open the admin changelist, whose query string
takes plain field lookups (``status__in=a,b``, ``donated_on__year=2026``).
"""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def _with_query(url: str, filters: dict) -> str:
    query = urlencode({key: value for key, value in filters.items() if value is not None})
    return f"{url}?{query}" if query else url


def member_list_url(**filters) -> str:
    """The member list filtered by ``branch``, ``category``, ``status``, ``hometown_township``, ``work_city`` ….

    The member pages (``members:list``) read the same parameter names as the admin
    changelist, so the link works before and after they exist.
    """
    try:
        url = reverse("members:list")
    except NoReverseMatch:
        url = reverse("admin:members_member_changelist")
    return _with_query(url, filters)


def member_detail_url(pk) -> str:
    try:
        return reverse("members:detail", args=[pk])
    except NoReverseMatch:
        return reverse("admin:members_member_change", args=[pk])


def admin_list_url(model_label: str, **filters) -> str:
    """``admin_list_url("assistance.helprequest", status__in="received,referred")``."""
    app_label, model_name = model_label.lower().split(".")
    return _with_query(reverse(f"admin:{app_label}_{model_name}_changelist"), filters)


def admin_object_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
