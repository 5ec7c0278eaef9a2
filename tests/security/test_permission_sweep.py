"""The permission sweep: every URL pattern of the project × five personas, GET and POST.

The table of expectations is url_expectations.py; read its docstring to add a row.
"""

import io
import json
import logging
import re
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.conftest import PLANTED_PHONE
from tests.security.url_expectations import (
    ADMIN_MODELS,
    ADMIN_SITE_URLS,
    ANY,
    HIDDEN,
    LOGIN,
    MISSING,
    PERSONAS,
    PLANTED_NAME,
    PLANTED_SEARCH,
    UNNAMED_ADMIN_ROUTES,
    URLS,
    Expect,
    admin_expect,
)

# Rows that change without anyone writing a record: sessions, the audit log itself,
# django-axes' counters, and a user's own authenticator being set up.
VOLATILE_MODELS = {"sessions.session", "audit.auditentry", "otp_totp.totpdevice"}
VOLATILE_APPS = {"axes"}
DENIALS = {403, 404, 405}
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(rb"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def url_patterns(patterns=None, prefix="", namespace=None):
    """(name, route, pattern) of every URL pattern, namespaces joined: "admin:index"."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, prefix + str(pattern.pattern), pattern


def admin_model_view(name):
    """("members.member", "change") for "admin:members_member_change"; None for other names."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model._meta.label_lower, name[len(prefix) :]
    return None


def expectation_for(name):
    """The row for a URL name, or None when the table lacks one."""
    if name in URLS:
        return URLS[name]
    if name in ADMIN_SITE_URLS:
        return ADMIN_SITE_URLS[name]
    found = admin_model_view(name)
    if found and found[0] in ADMIN_MODELS:
        return found
    return None


def swept_urls():
    """Every named URL with its row; unnamed patterns must be the admin's own."""
    missing, unnamed, rows = [], [], []
    for name, route, pattern in url_patterns():
        if not name:
            if not (
                route.startswith("admin/") and (route.endswith("<path:object_id>/") or route in UNNAMED_ADMIN_ROUTES)
            ):
                unnamed.append(route)
            continue
        row = expectation_for(name)
        if row is None:
            missing.append(name)
        else:
            rows.append((name, route, pattern, row))
    return missing, unnamed, rows


def test_every_url_of_the_project_has_a_row_in_the_sweep_table():
    missing, unnamed, _rows = swept_urls()
    assert not unnamed, f"Give these URL patterns a name, so the permission sweep can key them: {unnamed}"
    assert not missing, (
        f"These URL names have no row in tests/security/url_expectations.py: {missing}. "
        "Add one to URLS saying what anonymous, branch2, auditor, sysadmin and branch1 get "
        "(for an admin model: a row in ADMIN_MODELS)."
    )


def test_a_url_without_a_row_is_reported_by_name(monkeypatch):
    from tests.security import url_expectations

    trimmed = {name: row for name, row in url_expectations.URLS.items() if name != "audit:entry_export"}
    monkeypatch.setattr(f"{__name__}.URLS", trimmed)
    trimmed_admin = {label: row for label, row in ADMIN_MODELS.items() if label != "members.honor"}
    monkeypatch.setattr(f"{__name__}.ADMIN_MODELS", trimmed_admin)
    missing, _unnamed, _rows = swept_urls()
    assert "audit:entry_export" in missing
    assert "admin:members_honor_changelist" in missing and "admin:members_honor_change" in missing


# --- the sweep ---------------------------------------------------------------------------


def _value(spec, world):
    if isinstance(spec, str) and spec.startswith("contenttype:"):
        return ContentType.objects.get_for_model(apps.get_model(spec.split(":", 1)[1])).pk
    if isinstance(spec, str) and spec in world.objects:
        return world.objects[spec].pk
    return spec


def build_url(name, pattern, row, world):
    """The URL for one row, its arguments taken from branch 1's objects."""
    named = list(pattern.pattern.regex.groupindex)
    positional = pattern.pattern.regex.groups - len(named)
    if isinstance(row, tuple):  # an admin model view
        label, view = row
        obj = world.objects[label]
        if view == "simple_history":
            return reverse(name, args=[obj.pk, obj.history.order_by("history_id").first().history_id])
        kwargs = dict.fromkeys(named, obj.pk)  # object_id, or id for a user's password page
        return reverse(name, kwargs=kwargs)
    if positional:
        raise AssertionError(f"{name}: use named URL arguments, so the sweep can fill them in")
    unknown = set(named) - set(row.kwargs)
    assert not unknown, f"{name} takes {sorted(unknown)}: name branch 1's objects in its row's kwargs"
    url = reverse(name, kwargs={key: _value(spec, world) for key, spec in row.kwargs.items()})
    if row.query:
        url += "?" + "&".join(f"{key}={value}" for key, value in row.query.items())
    return url


def expected(row, persona, method):
    if isinstance(row, tuple):
        label, view = row
        return admin_expect(view, ADMIN_MODELS[label], persona) if method == "GET" else None
    if method == "GET":
        return row.get(persona)
    return row.post.get(persona)


def is_denial(value):
    """A refusal of the persona (not a 405: a POST-only view refuses GET to everyone)."""
    return value in (LOGIN, MISSING, HIDDEN) or value in (403, 404)


def matches(value, response):
    status = response.status_code
    if value == ANY:
        return True
    if value == LOGIN:
        return status == 302 and response.url.startswith(("/accounts/login/", "/admin/login/"))
    if value == MISSING:
        return status == 404 or (status == 302 and response.url == reverse("admin:index"))
    if value == HIDDEN:
        return status == 403 or matches(MISSING, response)
    if isinstance(value, (set, frozenset, tuple)):
        return status in value
    return status == value


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK\x03\x04"):  # an xlsx: what matters is inside the zip
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return content


def _encodings(value):
    """A value as it appears in HTML or xlsx, and escaped inside JSON."""
    return [value.encode(), json.dumps(value)[1:-1].encode()]


def secrets_of(world):
    """What must never reach branch 2, the system administrator or an anonymous visitor."""
    values = [world.planted.name, world.planted.phone, world.planted.id_number]
    return [encoded for value in values for encoded in _encodings(value)]


def names_of(world):
    return _encodings(world.planted.name)


def volatile_tables():
    tables = set()
    for model in apps.get_models():
        if model._meta.label_lower in VOLATILE_MODELS or model._meta.app_label in VOLATILE_APPS:
            tables.add(model._meta.db_table.lower())
    # The database cache (settings.CACHES) holds copies of figures, never data of its own.
    tables.update(
        cache["LOCATION"].lower()
        for cache in settings.CACHES.values()
        if cache["BACKEND"].endswith(".db.DatabaseCache")
    )
    return tables


WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z0-9_]+)"?', re.IGNORECASE)


def writes_in(queries, volatile):
    """The business tables that the captured SQL wrote to."""
    written = set()
    for query in queries:
        found = WRITE_SQL.match(query["sql"])
        if found and found.group(1).lower() not in volatile:
            written.add(found.group(1))
    return written


def client_as(world, persona):
    client = Client()
    user = world.personas[persona]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def request_as(world, persona, method, url):
    client = client_as(world, persona)
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.fixture
def short_admin_pages(monkeypatch):
    """Five rows a changelist page: rights do not depend on the page size, the sweep's time does."""
    for model_admin in admin.site._registry.values():
        monkeypatch.setattr(model_admin, "list_per_page", 5)


@pytest.fixture
def quiet_request_log():
    """Thousands of expected 403s and 404s would each print a traceback."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def problems_with(response, queries, *, name, row, persona, method, world, secrets, volatile):
    """Every way one response breaks the table or the sweep's invariants, as sentences."""
    where = f"{method} {response.request['PATH_INFO']} ({name}) as {persona}: {response.status_code}"
    get_expected, want = expected(row, persona, "GET"), expected(row, persona, method)
    body = body_of(response)
    found = []
    if want is not None and not matches(want, response):
        found.append(f"{where}, expected {want}")
    refused_get = is_denial(get_expected)
    if method == "POST" and refused_get and response.status_code not in DENIALS and not matches(get_expected, response):
        found.append(f"{where}, expected a refusal as for GET ({get_expected})")
    # No write on a GET; none on a POST by the auditor, a visitor, or a refused persona.
    written = writes_in(queries, volatile)
    if written and (method == "GET" or persona in {"anonymous", "auditor"} or refused_get):
        found.append(f"{where}, and it WROTE to {sorted(written)}")
    if isinstance(row, tuple):
        donors = ADMIN_MODELS[row[0]].names_other_branch_members
        allowed = set(secrets) if persona == "branch2" and donors else set()
    else:
        # A page that names other branches' members by design still never shows their phone or ID number.
        allowed = set(names_of(world)) if persona == "branch2" and row.names_other_branch_members else set()
    if persona in {"anonymous", "sysadmin", "branch2"}:
        found += [
            f"{where}, shows branch 1's planted member ({secret!r})"
            for secret in secrets
            if secret not in allowed and secret in body
        ]
    if persona == "auditor" and world.planted.id_number.encode() in body:
        found.append(f"{where}, shows a full ID number to the auditor")
    # An SVG opened on its own is a document too: the CSP blocks its scripts as a page's.
    document = response.get("Content-Type", "").startswith(("text/html", "image/svg+xml"))
    if response.status_code == 200 and document and (INLINE_SCRIPT.search(body) or EVENT_HANDLER.search(body)):
        found.append(f"{where}, has an inline script or on*= handler (the CSP blocks it)")
    return found


def test_the_permission_sweep(world, short_admin_pages, quiet_request_log, capsys):
    _missing, _unnamed, rows = swept_urls()
    context = {"world": world, "secrets": secrets_of(world), "volatile": volatile_tables()}
    failures, checked = [], 0
    for name, _route, pattern, row in rows:
        url = build_url(name, pattern, row, world)
        for persona in PERSONAS:
            for method in ("GET", "POST"):
                # Each request in a savepoint rolled back after it: a POST that did
                # write (the system administrator disabling an account) leaves no trace.
                with transaction.atomic():
                    client = client_as(world, persona)
                    reset_queries()  # the query log keeps 9,000 entries; start each capture empty
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get(url) if method == "GET" else client.post(url, {})
                    failures += problems_with(
                        response,
                        queries.captured_queries,
                        name=name,
                        row=row,
                        persona=persona,
                        method=method,
                        **context,
                    )
                    checked += 1
                    transaction.set_rollback(True)
    with capsys.disabled():
        print(f"\npermission sweep: {len(rows)} URLs × {len(PERSONAS)} personas × GET/POST = {checked} requests")
    assert not failures, "\n".join(failures)


def test_the_planted_member_is_found_by_branch_1_and_nobody_else_in_admin_search_and_autocomplete(world):
    """The planted name searched for where a leak would show: the member changelist and
    every autocomplete that offers members. (The search box echoes the term, so the
    results are read, not the page.)"""
    changelist = reverse("admin:members_member_changelist") + f"?q={PLANTED_NAME}"
    found = request_as(world, "branch1", "GET", changelist).context["cl"].result_list
    assert [m.name for m in found] == [PLANTED_NAME]
    assert list(request_as(world, "branch2", "GET", changelist).context["cl"].result_list) == []
    assert request_as(world, "sysadmin", "GET", changelist).status_code == 403

    autocompletes = [
        reverse("admin:autocomplete")
        + f"?app_label={model._meta.app_label}&model_name={model._meta.model_name}"
        + f"&field_name={field_name}&term={PLANTED_NAME}"
        for model, model_admin in admin.site._registry.items()
        for field_name in model_admin.autocomplete_fields
        if model._meta.get_field(field_name).related_model is type(world.planted)
    ]
    assert len(autocompletes) >= 4
    for url in autocompletes:
        assert [r["text"] for r in request_as(world, "branch1", "GET", url).json()["results"]] == [PLANTED_NAME], url
        assert request_as(world, "branch2", "GET", url).json()["results"] == [], url
        assert request_as(world, "sysadmin", "GET", url).status_code == 403, url


def test_the_search_term_of_the_sweep_finds_the_planted_member_for_branch_1_only(world):
    """The list rows search for PLANTED_SEARCH (part of the name, so its echo is no leak):
    it must find the planted member where he is, or the rows would check nothing."""
    url = reverse("members:list") + f"?q={PLANTED_SEARCH}"
    assert [m.name for m in request_as(world, "branch1", "GET", url).context["page_obj"]] == [PLANTED_NAME]
    assert list(request_as(world, "branch2", "GET", url).context["page_obj"]) == []


def test_a_page_that_names_other_branches_donors_still_may_not_show_their_phone(world):
    from django.http import HttpResponse

    row = Expect(kwargs={"pk": "assistance.campaign"}, names_other_branch_members="donors")
    context = {"world": world, "secrets": secrets_of(world), "volatile": volatile_tables()}

    def problems(text, persona="branch2"):
        response = HttpResponse(text, content_type="text/plain")
        response.request = {"PATH_INFO": "/assistance/campaigns/1/"}
        return problems_with(
            response, [], name="assistance:campaign_detail", row=row, persona=persona, method="GET", **context
        )

    assert problems(f"{PLANTED_NAME} 第一党支部") == []
    assert problems(f"{PLANTED_NAME} {PLANTED_PHONE}")  # the phone is never shared
    assert problems(f"{PLANTED_NAME}", persona="sysadmin")  # nor is anything shared with the system administrator
    assert problems(f"{PLANTED_NAME}", persona="anonymous")
