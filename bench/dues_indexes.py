"""Benchmark: the dues pages with the PostgreSQL indexes of dues 0003, against the plans
without them, on the same data in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anren_issue16 .venv/bin/python bench/dues_indexes.py

Runs bench/pages.py's dues pages (same client, settings and timing) twice: as migrated, then
inside a transaction that drops the indexes dues 0003 added and puts back the plain
(branch, month) index it replaced, which is rolled back at the end (nothing changes on the
database). Prints both tables and the p95 ratio of each page; writes JSON under bench/results/.

Then the yearly report's expected figure both ways, on the bench committee's branches: the
old query (a sum per month, ``expected_by_branch_month``, added up) and ours (one sum of
standard × months per branch, ``expected_by_branch``), with the indexes.
"""

import argparse
import datetime
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import clear_url_caches

from members.models import Member

OLD_PLANS = [
    "DROP INDEX payment_list_order",
    "DROP INDEX payment_branch_list_order",
    "DROP INDEX duesaccount_inflow_behind",
    "DROP INDEX duesbase_member_months",
    "DROP INDEX dues_member_on_roll",
    "DROP INDEX paymentmonth_ledger",
    "CREATE INDEX paymentmonth_ledger ON dues_paymentmonth (branch_id, month)",
    "ANALYZE dues_paymentmonth",
]


class Rollback(Exception):
    pass


def run(client, data, requests):
    found = {}
    for name, build_url, *_who in pages.PAGES:
        if not name.startswith("dues"):
            continue
        found[name] = pages.measure(client, build_url(data), requests)
    return found


def time_expected(branch_ids, year, requests):
    """p95 (ms) of the old and the new expected query over the branches, and their totals."""
    import statistics
    import time

    from dues.ledgers import due_months, expected_by_branch, expected_by_branch_month

    first, last = due_months(year, pages.timezone.localdate())
    ways = {
        "old: a sum per month": lambda: sum(expected_by_branch_month(branch_ids, first, last).values()),
        "ours: one sum per branch": lambda: sum(expected_by_branch(branch_ids, first, last).values()),
    }
    found = {}
    for name, run in ways.items():
        run()
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            total = run()
            timings.append((time.perf_counter() - started) * 1000)
        cuts = statistics.quantiles(timings, n=100, method="inclusive")
        found[name] = {"p95_ms": round(cuts[94], 1), "p50_ms": round(cuts[49], 1), "total": str(total)}
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The indexes are PostgreSQL's: point DATABASE_URL at a seeded PostgreSQL database.")
    call_command("collectstatic", interactive=False, verbosity=0)
    settings.ROOT_URLCONF = pages
    clear_url_caches()
    client = Client()
    client.force_login(
        get_user_model().objects.get(username="admin"), backend="django.contrib.auth.backends.ModelBackend"
    )
    data = pages.pick_data()
    info = pages.machine()
    print(f"{Member.objects.count():,} members · {info['database_version']} · load {info['load_average'][0]:.2f}")
    ours = run(client, data, args.requests)
    old = {}
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                for statement in OLD_PLANS:
                    cursor.execute(statement)
            old = run(client, data, args.requests)
            raise Rollback
    except Rollback:
        pass
    header = f"{'page':30} {'queries':>7} {'p95 ours':>9} {'p95 old':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    rows = {}
    for name, row in ours.items():
        ratio = old[name]["p95_ms"] / row["p95_ms"]
        rows[name] = {"ours": row, "old": old[name], "p95_ratio": round(ratio, 2)}
        print(f"{name:30} {row['queries']:>7} {row['p95_ms']:>9} {old[name]['p95_ms']:>8} {ratio:>5.2f}×")
    branch_ids = list(data.branch.committee.branches.values_list("pk", flat=True))
    expected = time_expected(branch_ids, data.year, args.requests)
    for name, row in expected.items():
        print(f"expected, {len(branch_ids)} branches, {name:26} p95 {row['p95_ms']:>7} ms (total {row['total']})")
    names = list(expected)
    print(f"old / ours: {expected[names[0]]['p95_ms'] / expected[names[1]]['p95_ms']:.2f}×")
    info["load_average_after"] = pages.os.getloadavg()
    pages.RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = pages.RESULTS / f"dues-indexes-{stamp}.json"
    out.write_text(json.dumps({"machine": info, "pages": rows, "expected": expected}, ensure_ascii=False, indent=2))
    print(f"→ {out}")


if __name__ == "__main__":
    main()
