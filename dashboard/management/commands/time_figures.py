import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard import kpis
from dashboard.crosstab import origin_destination
from dashboard.profile import profile_report
from dashboard.tables import CHARTS
from members.models import Member


class Command(BaseCommand):
    help = "Time every dashboard and statistics figure for one user (does the dashboard need a cache?)."

    def add_arguments(self, parser):
        parser.add_argument("--user", default="admin", help="Whose scope to count (default: admin).")
        parser.add_argument("--repeat", type=int, default=5, help="Runs per figure; the best is printed.")

    def handle(self, *args, user="admin", repeat=5, **options):
        user = get_user_model().objects.get(username=user)
        today = timezone.localdate()
        figures = {
            "kpi: branches and members": lambda: kpis.branches_and_member_totals(user),
            "kpi: 双报 rates": lambda: kpis.shuangbao_rates(kpis.branches_and_member_totals(user)[0], today),
            "kpi: 三会一课": lambda: kpis.meeting_compliance(kpis.branches_and_member_totals(user)[0], today),
            "kpi: help requests": lambda: kpis.help_request_totals(user, today),
            "kpi: donations": lambda: kpis.donation_totals(user, today.year),
            "kpi: tasks and claims": lambda: kpis.task_totals(user),
            **{f"chart: {slug}": (lambda chart=chart: chart.build(user, today)) for slug, chart in CHARTS.items()},
            "origin × destination": lambda: origin_destination(user),
            "党员队伍基本情况": lambda: profile_report(user, today),
        }
        self.stdout.write(f"{Member.objects.count()} member files, user {user.username}, best of {repeat} runs")
        total = 0.0
        for name, figure in figures.items():
            best = None
            for _ in range(repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    figure()
                    elapsed = time.perf_counter() - started
                best = elapsed if best is None else min(best, elapsed)
            total += best
            self.stdout.write(f"{best * 1000:8.1f} ms  {len(queries.captured_queries)} queries  {name}")
        self.stdout.write(f"{total * 1000:8.1f} ms  in all")
