"""Coming back to a list as it was filtered, after opening and saving one of its records.

A list remembers its query string (search, filters, sort, page, page size) in the session
when it is shown; the page that saves a record redirects to ``list_url``, the list with
that query. The session is written only when the query changes, so paging through a list
with the same filter costs no write.
"""

from django.urls import reverse

_KEY = "list_query:"


def remember_list(request, url_name: str) -> None:
    query = request.GET.urlencode()
    key = _KEY + url_name
    if request.session.get(key, "") != query:
        request.session[key] = query


def list_url(request, url_name: str) -> str:
    """The list at ``url_name`` with the query it was last shown with in this session."""
    query = request.session.get(_KEY + url_name, "")
    return reverse(url_name) + (f"?{query}" if query else "")


def has_list(request, url_name: str) -> bool:
    """Whether the list was shown in this session (a record opened from it)."""
    return _KEY + url_name in request.session
