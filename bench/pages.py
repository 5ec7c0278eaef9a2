"""Benchmark: server-side time and query count of the pages that matter at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anren_issue8 .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --requests 100 --only member

Runs on the current database (seed it first: ``manage.py seed_demo --members 100000``)
through Django's test client, logged in as the demo county administrator, so the
figures are the time Django spends on a request: middleware, view, queries,
template — no network, no web server. In the same run, on the same data, it
measures Django's stock admin changelist for Member (a plain ``ModelAdmin`` on a
throw-away ``AdminSite`` with our search fields) and a trivial view behind the
same middleware and login (the ceiling). Each page: a few warm-up requests, one
request counting queries, then ``--requests`` timed ones. Prints a table and
writes JSON under ``bench/results/``.

It writes only what a user's visits would: sessions and the audit entries of exports.
The list of pages is ``PAGES`` below; an entry whose URL does not resolve on this
branch is skipped with a note.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anren_registry.settings")
# Production settings (cached templates, no query log): debug off, over plain http.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + os.urandom(24).hex())
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# The bench times pages, not the second factor: production requires TOTP for the county admin.
os.environ.setdefault("DJANGO_OTP_REQUIRED", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, clear_url_caches, include, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from branches.models import Branch  # noqa: E402
from members.admin import MemberAdmin  # noqa: E402
from members.models import Category, Member  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"

# --- the stock admin and the trivial view, mounted next to the project's URLs ----------

stock_site = admin.AdminSite(name="stock_admin")


class StockMemberAdmin(admin.ModelAdmin):
    """What ``admin.site.register(Member)`` plus our columns and search would give."""

    list_display = ["name", "gender", "id_number", "phone", "category", "branch", "work_city", "status"]
    search_fields = MemberAdmin.search_fields


stock_site.register(Member, StockMemberAdmin)


@login_required
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/stock-admin/", stock_site.urls),
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include(settings.ROOT_URLCONF)),
]

# --- the pages --------------------------------------------------------------------------


@dataclass
class Data:
    """What the URLs need, picked from the database once."""

    branch: object
    member: object
    name_search: str
    export_filter: dict
    export_rows: int
    year: int


def _reverse_first(*candidates):
    for name, kwargs in candidates:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


# (name, url builder). A builder returning None means "not on this branch": skipped with a note.
PAGES = [
    ("trivial view (ceiling)", lambda d: "/bench/trivial/"),
    ("member list", lambda d: "/members/"),
    ("member list: branch + 流动", lambda d: f"/members/?{urlencode({'branch': d.branch.pk, 'category': 'mobile'})}"),
    ("member list: 2-char name", lambda d: f"/members/?{urlencode({'q': d.name_search})}"),
    ("member list: page 200", lambda d: "/members/?page=200"),
    ("member list: ID number's last 4", lambda d: f"/members/?{urlencode({'q': d.member.id_number[-4:]})}"),
    ("member detail", lambda d: f"/members/{d.member.pk}/"),
    ("dashboard", lambda d: "/"),
    ("dashboard, cache cleared", lambda d: "/"),
    (
        "branch page",
        lambda d: _reverse_first(
            ("dashboard:branch_detail", {"pk": d.branch.pk}), ("branch_detail", {"pk": d.branch.pk})
        ),
    ),
    ("compliance matrix (year)", lambda d: f"/meetings/compliance/?{urlencode({'year': d.year})}"),
    # A member's life (issue 15): the work lists, and the 自行脱党 warning on the attendance page.
    ("应转尽转 list", lambda d: _reverse_first(("members:should_transfer_list", {}))),
    ("失联 list", lambda d: _reverse_first(("members:lost_list", {}))),
    ("自行脱党预警 list", lambda d: _reverse_first(("members:lapse_list", {}))),
    ("自行脱党 warning (attendance)", lambda d: _reverse_first(("meetings:attendance", {}))),
    ("活动证 running out", lambda d: _reverse_first(("members:certificate_list", {}))),
    ("transfers: receipts overdue", lambda d: (_reverse_first(("members:transfer_list", {})) or "") + "?overdue=1"),
    ("xlsx export", lambda d: f"/members/export/?{urlencode(d.export_filter)}"),
    # 党费 (issue 16): the arrears list of the whole county, a branch's ledger, a committee's year.
    ("dues arrears list", lambda d: _reverse_first(("dues:arrears", {}))),
    ("dues arrears: 6+ no reason", lambda d: f"{_reverse_first(('dues:arrears', {})) or ''}?lapsed=on"),
    ("dues branch ledger", lambda d: f"{_reverse_first(('dues:ledger', {})) or ''}?branch={d.branch.pk}"),
    ("dues yearly report", lambda d: f"{_reverse_first(('dues:report', {})) or ''}?committee={d.branch.committee_id}"),
    ("dues member page", lambda d: _reverse_first(("dues:member", {"pk": d.member.pk}))),
    ("dues payment list", lambda d: _reverse_first(("dues:payments", {}))),
    ("dues payment list: branch", lambda d: f"{_reverse_first(('dues:payments', {})) or ''}?branch={d.branch.pk}"),
    ("our admin changelist", lambda d: "/admin/members/member/"),
    ("our admin: 2-char name", lambda d: f"/admin/members/member/?{urlencode({'q': d.name_search})}"),
    ("stock admin: 2-char name", lambda d: f"/bench/stock-admin/members/member/?{urlencode({'q': d.name_search})}"),
    ("stock admin changelist", lambda d: "/bench/stock-admin/members/member/"),
    # Issue 17: the village secretary's pages, as the secretary of the village with most members.
    ("village: member list", lambda d: "/village/members/", "village"),
    ("village: reports to acknowledge", lambda d: "/village/reports/", "village"),
]

# Run before every request of a page: the dashboard's figures counted afresh each time,
# as after every change to the data (the cache key names the data's newest history row).
BEFORE_EACH = {"dashboard, cache cleared": cache.clear}

# Ratios printed under the table: (ours, theirs).
RATIOS = [
    ("member list: 2-char name", "stock admin: 2-char name"),
    ("our admin: 2-char name", "stock admin: 2-char name"),
    ("member list", "stock admin changelist"),
]


def pick_data(export_target=5000):
    branch = Branch.objects.order_by("committee_id", "ordinal").first()
    member = Member.objects.filter(branch=branch, category=Category.MOBILE).order_by("pk").first()
    # A surname + given character that several members share: "谭建" finds 谭建, 谭建国 …
    name_search = member.name[:2]
    # The township × category whose members are closest to 5,000 rows.
    counts = Member.objects.values("hometown_township", "category").annotate(n=Count("pk")).order_by()
    best = min(counts, key=lambda row: abs(row["n"] - export_target))
    export_filter = {"hometown_township": best["hometown_township"], "category": best["category"]}
    return Data(branch, member, name_search, export_filter, best["n"], timezone.localdate().year)


def village_secretary():
    """The demo's ``village`` account, or (on a --members seed, which has none) a bench account
    for the village branch that holds most members' relations."""
    from branches.models import HomeOrganisation, StaffScope
    from branches.roles import Role

    User = get_user_model()
    found = User.objects.filter(staff_scope__role=Role.HOME_SECRETARY).order_by("pk").first()
    if found is not None:
        return found
    home = HomeOrganisation.objects.annotate(n=Count("members")).order_by("-n").first()
    user = User.objects.create(username="bench_village", first_name="基准测试村支书")
    StaffScope.objects.create(user=user, role=Role.HOME_SECRETARY, home_organisation=home)
    return user


def measure(client, url, requests, warmup=3, before=lambda: None):
    for _ in range(warmup):
        before()
        response = client.get(url)
    if response.status_code != 200:
        # A redirect (to the login or the second factor) would time the wrong page.
        raise SystemExit(f"{url} answered {response.status_code}, not 200: the bench would measure the wrong page")
    # Counted with an execute wrapper: the query log is reset when a request starts.
    queries = []
    before()
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        response = client.get(url)
    timings = []
    for _ in range(requests):
        before()
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {
        "url": url,
        "status": response.status_code,
        "bytes": len(response.content) if not response.streaming else None,
        "queries": len(queries),
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "max_ms": round(max(timings), 1),
        "requests": requests,
    }


def machine():
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "database_version": version.split(" on ")[0],
        "load_average": os.getloadavg(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--only", help="only pages whose name contains this text")
    parser.add_argument("--user", default="admin", help="who is logged in (default: the county administrator)")
    args = parser.parse_args()

    # Debug is off: templates name static files through the manifest collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    # The bench's URLs mounted next to the project's.
    settings.ROOT_URLCONF = sys.modules[__name__]
    clear_url_caches()

    user = get_user_model().objects.get(username=args.user)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    data = pick_data()
    info = machine()
    members = Member.objects.count()
    print(
        f"{members:,} members · {info['database']} {info['database_version']} · {info['cores']} cores · "
        f"load {info['load_average'][0]:.2f} · {args.requests} requests per page as {args.user}"
    )
    print(f"search {data.name_search!r} · export filter {data.export_filter} = {data.export_rows:,} rows")
    header = f"{'page':32} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    print(header)
    print("-" * len(header))
    results, skipped = {}, []
    clients = {"": client}
    for name, build_url, *who in PAGES:
        if args.only and args.only not in name:
            continue
        if who and who[0] not in clients:
            other = Client()
            secretary = village_secretary()
            other.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
            clients[who[0]] = other
            print(f"(village pages as {secretary.username}, {secretary.staff_scope.home_organisation})")
        url = build_url(data)
        if url is None:
            skipped.append(name)
            print(f"{name:32} skipped: no such URL on this branch")
            continue
        row = measure(clients[who[0] if who else ""], url, args.requests, before=BEFORE_EACH.get(name, lambda: None))
        results[name] = row
        print(
            f"{name:32} {row['status']:>6} {row['queries']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['max_ms']:>8}"
        )
    ratios = []
    for ours, theirs in RATIOS:
        if ours in results and theirs in results:
            ratio = results[theirs]["p95_ms"] / results[ours]["p95_ms"]
            ratios.append({"ours": ours, "theirs": theirs, "p95_ratio": round(ratio, 1)})
            print(f"{theirs} / {ours}: p95 {results[theirs]['p95_ms']} / {results[ours]['p95_ms']} ms = {ratio:.1f}×")
    info["load_average_after"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"pages-{info['database']}-{members}-{stamp}.json"
    payload = {
        "machine": info,
        "members": members,
        "user": args.user,
        "search": data.name_search,
        "export_filter": data.export_filter,
        "export_rows": data.export_rows,
        "pages": results,
        "skipped": skipped,
        "ratios": ratios,
    }
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    print(f"→ {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")


if __name__ == "__main__":
    main()
