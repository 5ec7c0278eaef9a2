from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from anren_registry import demo
from anren_registry.demo.organisation import DEMO_PASSWORD
from members.models import Member


class Command(BaseCommand):
    help = "Fill an empty database with the demo data of the article (588 members in 11 branches)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, help="Build this many members instead of the article's 588.")
        parser.add_argument("--seed", type=int, default=2021, help="Random seed (the same seed gives the same data).")
        parser.add_argument("--reset", action="store_true", help="Empty the database first (everything is deleted).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing, successfully, if data is already there."
        )

    def handle(self, *args, members=None, seed=2021, reset=False, if_empty=False, verbosity=1, **options):
        if members is not None and members < 11:
            raise CommandError("--members must be at least 11 (one per branch).")
        if Member.objects.exists() or not self._no_users():
            if if_empty:
                self.stdout.write("数据库已有数据，跳过演示数据。")
                return
            if not reset:
                raise CommandError(
                    "数据库不是空的：加 --reset 清空后重建演示数据。 The database is not empty; use --reset."
                )
            call_command("flush", interactive=False, verbosity=0)

        def say(line):
            if verbosity:
                self.stdout.write(line)

        demo.build(seed=seed, members=members, verbose=say)
        say(
            self.style.SUCCESS(
                f"演示账号 (密码 {DEMO_PASSWORD}): admin, committee, branch1 … branch11, village, member, "
                "auditor, sysadmin"
            )
        )

    @staticmethod
    def _no_users():
        return not get_user_model().objects.exists()
