"""Benchmark: the daily reminder job and the dashboard with its 待办 at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anren_queue .venv/bin/python manage.py seed_demo --members 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anren_queue .venv/bin/python bench/reminders.py [--requests 40]

Prints, on the current database:
- the reminder job (reminders.job.run) as ``send_reminders --dry-run`` runs it, then for real
  (writing the log, the in-app notifications, sending by the logging SMS backend and the
  locmem e-mail backend), then a second real run (which must send nothing); the real runs
  happen inside a transaction that is rolled back at the end, so the bench can be repeated.
  Target: ≤ 60 s for the real run at 100,000 members.
- the dashboard (/) with its 待办 for a branch secretary, the committee staff and the county
  administrator through Django's test client: median and p95 of ``--requests`` requests after
  warm-up. Target: p95 ≤ 150 ms.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anren_registry.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + os.urandom(24).hex())
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_OTP_REQUIRED", "0")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from members.models import Member  # noqa: E402
from notifications import sms  # noqa: E402
from reminders.job import run  # noqa: E402


def timed(label, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    new = sum(result["new"].values())
    print(f"{label:<34} {seconds:7.2f} s   due {sum(result['members'].values()):>6}   new deliveries {new:>6}")
    return seconds, result


class Rollback(Exception):
    pass


def bench_job():
    print(f"members: {Member.objects.count():,}  database: {connection.vendor}")
    # Today at 10:00 in Anren, outside the quiet hours, so that the run sends what it writes.
    now = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(10)))
    timed("send_reminders --dry-run", lambda: run(dry_run=True, now=now))
    try:
        with transaction.atomic():
            seconds, result = timed("send_reminders (real)", lambda: run(now=now))
            print(f"{'':<34} sent {result['sent']['sent']:,} (SMS in the log backend: {len(sms.outbox):,})")
            timed("send_reminders again (nothing new)", lambda: run(now=now))
            raise Rollback
    except Rollback:
        pass
    return seconds


def bench_dashboard(requests):
    users = get_user_model().objects
    for username in ("branch2", "committee", "admin"):
        user = users.get(username=username)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for _ in range(3):
            assert client.get("/").status_code == 200
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get("/")
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(f"dashboard with 待办 as {username:<10} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--skip-job", action="store_true")
    args = parser.parse_args()
    # Debug is off: templates name static files through the manifest collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.skip_job:
        bench_job()
    bench_dashboard(args.requests)


if __name__ == "__main__":
    main()
