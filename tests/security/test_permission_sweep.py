"""The permission sweep: every URL pattern of the project × nine personas, GET then a valid POST.

The table of expectations is url_expectations.py; read its docstring to add a row. The
county it runs in is tests/security/world.py: two committees, and one record of every
model of ours planted in branch 1.
"""

import io
import json
import logging
import re
import zipfile
from collections import defaultdict

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.forms import page_form, without_inlines
from tests.security.url_expectations import (
    ADMIN_ADD_CHANGES,
    ADMIN_MODELS,
    ADMIN_SITE_URLS,
    ANY,
    GLOBAL,
    HIDDEN,
    LOGIN,
    MISSING,
    PERSONAS,
    READ,
    SELF,
    UNNAMED_ADMIN_ROUTES,
    URLS,
    admin_expect,
    visible_in_admin,
)
from tests.security.world import (
    ABSENT_PHONE,
    BRANCH,
    BRANCH2_MARK,
    COMMITTEE,
    COMMITTEE2_BRANCH_MARK,
    COMMITTEE2_MARK,
    COMMITTEE_MARK,
    IN_SCOPE,
    OUT_OF_SCOPE,
    PLANTED_NAME,
    PLANTED_PHONE,
    PLANTED_SEARCH,
    restore_files,
)

# Rows that change without anyone writing a record: sessions, the audit log itself,
# django-axes' counters, and a user's own authenticator being set up.
VOLATILE_MODELS = {"sessions.session", "audit.auditentry", "otp_totp.totpdevice"}
VOLATILE_APPS = {"axes"}
DENIALS = {403, 404, 405}
XML_CHARACTER_REFERENCE = re.compile(rb"&#([0-9]+);")
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(rb"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
# The apps whose models hold the registry's data: each model needs a planted record.
OUR_APPS = {
    "branches",
    "members",
    "shuangbao",
    "meetings",
    "dues",
    "assistance",
    "development",
    "audit",
    "accounts",
    "dashboard",
    "lib",
    "selfservice",
}


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
        f"Add one to URLS saying what {', '.join(PERSONAS)} get "
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


def test_every_page_that_an_owner_reads_says_which_planted_records_it_shows():
    """A list that nobody checks the owner sees the planted record on cannot catch a leak."""
    silent = [
        name
        for name, _route, _pattern, row in swept_urls()[2]
        if not isinstance(row, tuple)
        and any(row.get(persona) == 200 for persona in ("branch1", "committee1", "county"))
        and not row.shows
        and not row.shows_nothing
    ]
    assert not silent, f"Say what these pages show (shows=…) or why they show no record (shows_nothing=…): {silent}"


# --- the world's own checks --------------------------------------------------------------


def our_models():
    """The models of our apps that hold data of a committee, a branch or a member
    (simple_history's copies are checked through their originals)."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or hasattr(model, "instance_type"):
            continue
        related = {field.related_model for field in model._meta.get_fields() if field.is_relation}
        names = {related_model._meta.label_lower for related_model in related if related_model}
        if hasattr(model._default_manager, "visible_to") or names & {
            "members.member",
            "branches.branch",
            "branches.committee",
        }:
            yield model


# Whose a record is, when not its own branch's or committee's: through which parent, as the
# design says (written here, not read from visible_to, which the sweep is checking).
OWNER_PARENTS = {
    "members.honor": ("member", "branch"),  # a member's honour, or a branch's
    "shuangbao.report": ("member",),
    "members.statuschange": ("member",),
    "members.contactattempt": ("member",),
    "members.transfer": ("member",),
    "members.activitycertificate": ("member",),
    "shuangbao.taskclaim": ("member",),  # a claim is its member's, whoever published the task
    "meetings.attendance": ("meeting",),
    "meetings.meetingattachment": ("meeting",),
    "meetings.partygroupmember": ("group",),
    "meetings.election": ("meeting",),
    "meetings.candidate": ("election",),
    "meetings.signin": ("meeting",),
    "assistance.helpaction": ("help_request",),
    "appraisals.disposal": ("appraisal",),
    "assistance.donation": ("campaign",),  # a donation is the campaign's, whoever gave
    "assistance.beneficiary": ("campaign",),
    "assistance.returnapplication": ("member",),
    "dues.duesaccount": ("member",),
    "dues.duesbase": ("member",),
    "development.step": ("applicant",),
    "branches.staffscope": ("branch", "committee"),
    "selfservice.invitation": ("member",),
    "selfservice.noticeread": ("member",),
}


# The county's own lists, of no committee: the home organisations (流出地党组织, issue 17).
COUNTY_WIDE = {"branches.homeorganisation"}


def where(obj):
    """(committee pk, branch pk or None) that an object belongs to: its own branch, or its
    committee for a record of the whole committee, or its parent's (OWNER_PARENTS)."""
    label = obj._meta.label_lower
    if label in COUNTY_WIDE:
        return None, None
    if label == "branches.committee":
        return obj.pk, None
    if label == "branches.branch":
        return obj.committee_id, obj.pk
    for parent in OWNER_PARENTS.get(label, ()):
        if getattr(obj, f"{parent}_id", None):
            return where(getattr(obj, parent))
    if getattr(obj, "branch_id", None):
        return obj.branch.committee_id, obj.branch_id
    if getattr(obj, "committee_id", None):
        return obj.committee_id, None
    raise AssertionError(f"{label} {obj.pk}: the sweep cannot tell whose it is; add it to OWNER_PARENTS")


def test_every_model_of_ours_has_a_planted_record_in_branch_1(world):
    """A new model without a record in the world would pass the sweep unseen."""
    branch1 = world.objects["branches.branch"]
    missing, misplaced = [], []
    for model in our_models():
        label = model._meta.label_lower
        if label not in world.objects:
            missing.append(label)
            continue
        committee_id, branch_id = where(world.objects[label])
        if label in COUNTY_WIDE:
            pass
        elif committee_id != branch1.committee_id or branch_id not in (branch1.pk, None):
            misplaced.append(label)
        if any(field.name == "history" for field in model._meta.get_fields()) or hasattr(model, "history"):
            assert world.objects[label].history.exists(), f"{label}: the planted record has no history row"
    assert not missing, f"Plant a record of these models in tests/security/world.py (branch_kit): {missing}"
    assert not misplaced, f"These planted records are not branch 1's or committee 1's: {misplaced}"


def test_every_planted_record_is_looked_for_on_some_page_or_changelist(world):
    """Each planted record is on a page whose row says so, or on its model's changelist."""
    looked_for = {key for row in [*URLS.values(), *ADMIN_SITE_URLS.values()] for key in row.shows}
    in_admin = {model._meta.label_lower for model in admin.site._registry}
    unseen = [label for label in (m._meta.label_lower for m in our_models()) if label not in looked_for | in_admin]
    assert not unseen, f"No page of the sweep looks for the planted record of {unseen}"
    unknown = looked_for - set(world.probes)
    assert not unknown, f"Rows name probes the world does not have: {unknown}"


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
        url += "?" + "&".join(f"{key}={_value(value, world)}" for key, value in row.query.items())
    return url


def expected(row, persona, method):
    if isinstance(row, tuple):
        label, view = row
        return admin_expect(view, ADMIN_MODELS[label], persona, method)
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
            xml = b"".join(archive.read(name) for name in archive.namelist())
        # With lxml installed, openpyxl writes non-ASCII text as character references (&#29956;).
        return XML_CHARACTER_REFERENCE.sub(lambda found: chr(int(found.group(1))).encode(), xml)
    return content


def _encodings(value):
    """A value as it appears in HTML or xlsx, and escaped inside JSON."""
    return [value.encode(), json.dumps(value)[1:-1].encode()]


def contains(body, text):
    return any(encoded in body for encoded in _encodings(text))


def secrets_of(world, persona):
    """What one persona must never see: another branch's records, another committee's;
    member data for the system administrator and an anonymous visitor; a full ID number
    for the auditor. (Branch 1's planted member also by phone and ID number.)"""
    ids = [world.planted.id_number, world.absent.id_number]
    branch1 = [PLANTED_NAME, PLANTED_PHONE, ABSENT_PHONE, *ids]
    committee2 = [COMMITTEE2_BRANCH_MARK, COMMITTEE2_MARK]
    return {
        "branch1": [BRANCH2_MARK, *committee2],
        "committee1": committee2,
        "branch2": [*branch1, *committee2],
        "committee2": [*branch1, COMMITTEE_MARK, BRANCH2_MARK],
        "sysadmin": [*branch1, COMMITTEE_MARK, BRANCH2_MARK, *committee2],
        # The village sees its own members (乡亲甲 of branch 1, 乡亲乙 of committee 2) and nobody else.
        "village": [*branch1, COMMITTEE_MARK, BRANCH2_MARK, *committee2],
        # A member of branch 2 on /me/: their own file, and what is published to them (branch 2's
        # notices and tasks carry branch 2's mark, so it is no secret here; branch 1's is).
        "member": [*branch1, *committee2],
        "anonymous": [*branch1, COMMITTEE_MARK, BRANCH2_MARK, *committee2],
        "auditor": ids,
    }.get(persona, [])


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


def request_as(world, persona, method, url, data=None):
    client = client_as(world, persona)
    return client.get(url) if method == "GET" else client.post(url, data or {})


def form_errors(response):
    """The errors of the forms a response rendered, to explain an unexpected 200."""
    errors = []
    for context in response.context or []:
        for value in context.dicts if hasattr(context, "dicts") else [context]:
            for item in value.values() if isinstance(value, dict) else []:
                if hasattr(item, "errors") and getattr(item, "is_bound", False) and item.errors:
                    errors.append(dict(item.errors))
    return errors[:3]


@pytest.fixture
def whole_admin_pages(monkeypatch):
    """Every changelist on one page: the sweep reads every row, not the first few."""
    for model_admin in admin.site._registry.values():
        monkeypatch.setattr(model_admin, "list_per_page", 10_000)


@pytest.fixture
def quiet_request_log():
    """Thousands of expected 403s and 404s would each print a traceback."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def allowed_in_changelist(persona, obj, world):
    """Whether a changelist row may be shown to a persona: the row's own committee and branch."""
    committee_id, branch_id = where(obj)
    branch1, branch2 = world.objects["branches.branch"], world.personas["branch2"].staff_scope.branch
    committee1 = branch1.committee_id
    committee2 = world.personas["committee2"].staff_scope.committee_id
    return {
        "branch1": branch_id == branch1.pk or (branch_id is None and committee_id == committee1),
        "branch2": branch_id == branch2.pk or (branch_id is None and committee_id == committee1),
        "committee1": committee_id == committee1,
        "committee2": committee_id == committee2,
    }.get(persona, True)


def changelist_problems(response, label, persona, world, where_):
    """The whole changelist: the planted object for its scope, and no row of anyone else's."""
    access = ADMIN_MODELS[label]
    changelist = response.context["cl"]
    rows = list(changelist.result_list)
    found = []
    if len(rows) != changelist.result_count:
        found.append(f"{where_}: shows {len(rows)} of {changelist.result_count} rows; the sweep reads them all")
    planted = world.objects[label]
    present = any(row.pk == planted.pk for row in rows)
    if access.scope != GLOBAL:
        if visible_in_admin(access, persona) and access.level(persona) >= READ and not present:
            found.append(f"{where_}: the planted {label} is not on the owner's changelist, so this row checks nothing")
        if not visible_in_admin(access, persona) and present:
            found.append(f"{where_}: shows branch 1's planted {label}")
        found += [
            f"{where_}: shows {label} {row.pk} of another scope ({where(row)})"
            for row in rows
            if not allowed_in_changelist(persona, row, world)
        ]
    return found


def submitted_text(data):
    """Every value a POST sent, as text: a form that comes back shows them, which is no leak."""
    values = []
    for value in (data or {}).values():
        values += value if isinstance(value, list) else [value]
    return [str(value) for value in values if isinstance(value, str | int)]


def problems_with(response, queries, *, name, row, persona, method, world, volatile, writers, sent=()):
    """Every way one response breaks the table or the sweep's invariants, as sentences."""
    where_ = f"{method} {response.request['PATH_INFO']} ({name}) as {persona}: {response.status_code}"
    get_expected, want = expected(row, persona, "GET"), expected(row, persona, method)
    body = body_of(response)
    found = []
    if want is not None and not matches(want, response):
        found.append(f"{where_}, expected {want} {form_errors(response) or ''}".rstrip())
    refused_get = is_denial(get_expected)
    if method == "POST" and refused_get and response.status_code not in DENIALS and not matches(get_expected, response):
        found.append(f"{where_}, expected a refusal as for GET ({get_expected})")
    written = writes_in(queries, volatile)
    if written and persona not in writers:
        found.append(f"{where_}, and it WROTE to {sorted(written)}")
    if method == "POST" and persona in writers and not written and matches(want, response):
        found.append(f"{where_}: the valid POST wrote nothing")
    if method == "GET" and response.status_code == 200:
        if isinstance(row, tuple) and row[1] == "changelist":
            found += changelist_problems(response, row[0], persona, world, where_)
        elif not isinstance(row, tuple):
            for key in row.shows:
                text, scope = world.probes[key]
                if persona in IN_SCOPE[scope] and get_expected == 200 and not contains(body, text):
                    found.append(f"{where_}: the planted {key} ({text}) is not on the owner's page")
    if not isinstance(row, tuple):
        for key in row.shows:
            text, scope = world.probes[key]
            if persona in OUT_OF_SCOPE[scope] and contains(body, text) and not any(text in value for value in sent):
                found.append(f"{where_}: shows the planted {key} ({text}), outside its scope")
    secrets = [secret for secret in secrets_of(world, persona) if not any(secret in value for value in sent)]
    found += [f"{where_}, shows what it must not ({secret!r})" for secret in secrets if contains(body, secret)]
    # An SVG opened on its own is a document too: the CSP blocks its scripts as a page's.
    document = response.get("Content-Type", "").startswith(("text/html", "image/svg+xml"))
    if response.status_code == 200 and document and (INLINE_SCRIPT.search(body) or EVENT_HANDLER.search(body)):
        found.append(f"{where_}, has an inline script or on*= handler (the CSP blocks it)")
    return found


def is_page(response):
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def post_data(row, world, url, form):
    """The valid submission a row posts: its own data, or for the admin the form back."""
    if isinstance(row, tuple):
        label, view = row
        if view == "delete":
            return {"post": "yes"}
        if view == "add":
            changes = ADMIN_ADD_CHANGES.get(label, {})
            return without_inlines(form) | (changes(world) if callable(changes) else changes)
        return form if view in {"change"} else {}
    return row.data(world, form) if row.data else {}


def writers_of(row):
    if isinstance(row, tuple):
        label, view = row
        if view not in {"add", "change", "delete"}:
            return set()
        return {persona for persona in PERSONAS if admin_expect(view, ADMIN_MODELS[label], persona, "POST") == 302}
    return set(row.writes)


def form_source(row, world, url):
    """Whose form a persona posts when it got none of its own, and from which page: the
    owner's GET of the same URL, or for an admin add form the county's change form of the
    planted object (its fields, copied)."""
    if isinstance(row, tuple):
        label, view = row
        if view == "add":
            obj = world.objects[label]
            return "county", reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        return "county", url
    return row.form_from, url


def sweep(rows, world):
    """GET then POST every row as every persona, each request in a savepoint rolled back
    after it (a POST that did write leaves no trace); the problems found, as sentences."""
    volatile = volatile_tables()
    failures, checked = [], 0

    def run(persona, method, url, data=None):
        with transaction.atomic():
            client = client_as(world, persona)
            reset_queries()  # the query log keeps 9,000 entries; start each capture empty
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url) if method == "GET" else client.post(url, data or {})
            transaction.set_rollback(True)
        restore_files(world)
        return response, queries.captured_queries

    for name, _route, pattern, row in rows:
        url = build_url(name, pattern, row, world)
        writers = writers_of(row)
        source_persona, source_url = form_source(row, world, url)
        forms = {}  # the form each persona got, which it posts back as a browser would
        for persona in PERSONAS:
            response, queries = run(persona, "GET", url)
            checked += 1
            failures += problems_with(
                response, queries, name=name, row=row, persona=persona, method="GET", world=world,
                volatile=volatile, writers=set(),
            )  # fmt: skip
            if is_page(response) and source_url == url:
                forms[persona] = page_form(response.content.decode(), url.split("?")[0])
        if source_url != url:
            forms = {source_persona: page_form(run(source_persona, "GET", source_url)[0].content.decode(), source_url)}
        for persona in PERSONAS:
            # A persona refused the page posts the owner's form: what it could forge.
            form = forms.get(persona) or forms.get(source_persona, {})
            data = post_data(row, world, url, form)
            response, queries = run(persona, "POST", url, data)
            checked += 1
            failures += problems_with(
                response, queries, name=name, row=row, persona=persona, method="POST", world=world,
                volatile=volatile, writers=writers, sent=submitted_text(data),
            )  # fmt: skip
        for attack in getattr(row, "attacks", ()):
            for persona in PERSONAS:
                attack_url = attack_url_for(name, row, world, attack, persona, url)
                response, queries = run(persona, "POST", attack_url, attack.data(world, persona))
                checked += 1
                failures += attack_problems(response, queries, name=name, attack=attack, persona=persona,
                                            volatile=volatile)  # fmt: skip
    return failures, checked


def attack_url_for(name, row, world, attack, persona, url):
    """The URL an attack posts to: the row's own, or the account it targets."""
    if not attack.target:
        return url
    if attack.target == SELF:
        # A visitor has no account of its own: it tries branch 1's secretary's.
        user = world.personas[persona] or world.objects["auth.user"]
    elif attack.target.startswith("persona:"):
        user = world.personas[attack.target.split(":", 1)[1]]
    else:
        user = world.objects[attack.target]
    return reverse(name, kwargs={"pk": user.pk})


def attack_problems(response, queries, *, name, attack, persona, volatile):
    """An attack must be refused (403, 404, the form again with its errors, or the login
    page for a visitor) and write nothing: no account, no role, no scope changes."""
    where_ = f"POST {response.request['PATH_INFO']} ({name}, {attack.what}) as {persona}: {response.status_code}"
    found = []
    if not (response.status_code in {200, 403, 404} or matches(LOGIN, response)):
        found.append(f"{where_}: the attempt was not refused")
    if response.status_code == 200 and not form_errors(response):
        found.append(f"{where_}: a 200 without a form error")
    written = writes_in(queries, volatile)
    if written:
        found.append(f"{where_}: it WROTE to {sorted(written)}")
    return found


def chunk_of(name, row):
    """The sweep in parts that run in parallel: one per app, the admin by model app."""
    if isinstance(row, tuple):
        return f"admin-{row[0].split('.')[0]}"
    return name.split(":")[0] if ":" in name else "site"


def _chunks():
    try:
        rows = swept_urls()[2]
    except Exception:  # the URL table is checked by the tests above
        return {}
    chunks = defaultdict(list)
    for name, route, pattern, row in rows:
        chunks[chunk_of(name, row)].append((name, route, pattern, row))
    return chunks


CHUNKS = _chunks()


@pytest.mark.parametrize("chunk", sorted(CHUNKS))
def test_the_permission_sweep(world, chunk, whole_admin_pages, quiet_request_log, capsys):
    rows = CHUNKS[chunk]
    failures, checked = sweep(rows, world)
    with capsys.disabled():
        print(f"\npermission sweep, {chunk}: {len(rows)} URLs × {len(PERSONAS)} personas × GET/POST = {checked}")
    assert not failures, "\n".join(failures)


def test_the_sweep_covers_every_url_in_its_chunks():
    assert sum(len(rows) for rows in CHUNKS.values()) == len(swept_urls()[2])


# --- where a leak would hide from a page-level check ------------------------------------


def test_the_planted_member_is_found_in_admin_search_and_autocomplete_by_the_county_only(world):
    """The planted name searched for where a leak would show: the member changelist and
    every autocomplete that offers members. The admin is the county administrator's;
    everyone else is refused before any search runs. (The search box echoes the term,
    so the results are read, not the page.)"""
    changelist = reverse("admin:members_member_changelist") + f"?q={PLANTED_NAME}"
    found = request_as(world, "county", "GET", changelist).context["cl"].result_list
    assert sorted(m.name for m in found) == sorted([PLANTED_NAME, f"{PLANTED_NAME}未报", f"{PLANTED_NAME}失联"])
    others = [persona for persona in PERSONAS if persona not in ("county", "anonymous")]
    for persona in others:
        # (the member's account gets the 404 of every page but /me/)
        assert request_as(world, persona, "GET", changelist).status_code == (404 if persona == "member" else 403), (
            persona
        )

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
        results = request_as(world, "county", "GET", url).json()["results"]
        # (an autocomplete of members on the roll leaves out the lost member)
        found = {r["text"] for r in results}
        assert (
            {PLANTED_NAME, f"{PLANTED_NAME}未报"}
            <= found
            <= {PLANTED_NAME, f"{PLANTED_NAME}未报", f"{PLANTED_NAME}失联"}
        ), url
        for persona in others:
            assert request_as(world, persona, "GET", url).status_code == (404 if persona == "member" else 403), (
                persona,
                url,
            )


def test_the_search_term_of_the_sweep_finds_the_planted_member_for_his_branch_only(world):
    """The list rows search for PLANTED_SEARCH (part of the marks, so its echo is no leak):
    it must find the planted members where they are, or the rows would check nothing."""
    url = reverse("members:list") + f"?q={PLANTED_SEARCH}"
    found = [m.name for m in request_as(world, "branch1", "GET", url).context["page_obj"]]
    assert sorted(found) == sorted([PLANTED_NAME, f"{PLANTED_NAME}未报", f"{PLANTED_NAME}失联"])
    assert list(request_as(world, "branch2", "GET", url).context["page_obj"]) == []
    assert list(request_as(world, "committee2", "GET", url).context["page_obj"]) == []


def test_the_probes_of_a_scope_are_secrets_outside_it(world):
    """Every probe of branch 1 contains the planted name and every probe of committee 1
    the committee's mark, so that the sweep's secret check reads every page for them too."""
    for key, (text, scope) in world.probes.items():
        if scope == BRANCH and not key.startswith("branches.branch:"):
            assert PLANTED_NAME in text, key
        # A 组织生活 rule has no text of its own: its row on the rules page is its probe.
        if scope == COMMITTEE and key not in {"branches.committee", "meetings.compliancerule"}:
            assert COMMITTEE_MARK in text, key


def test_malformed_query_strings_on_every_list_get_a_clear_answer_never_a_500(world):
    """Every list of the sweep (and every admin changelist) with a NUL byte and a stray quote
    in its query: a 400 for the NUL, the page or its own refusal for the quote; never a 500."""
    _missing, _unnamed, rows = swept_urls()
    lists = [
        (name, build_url(name, pattern, row, world))
        for name, _route, pattern, row in rows
        if (isinstance(row, tuple) and row[1] == "changelist") or (not isinstance(row, tuple) and row.query)
    ]
    assert len(lists) > 30
    for name, url in lists:
        separator = "&" if "?" in url else "?"
        assert request_as(world, "county", "GET", f"{url}{separator}q=%00").status_code == 400, name
        for malformed in ("branch='", "status='", "page=x", "o=%27", "committee=-1"):
            status = request_as(world, "county", "GET", f"{url}{separator}{malformed}").status_code
            assert status < 500, (name, malformed, status)
