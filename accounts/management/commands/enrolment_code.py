"""manage.py enrolment_code USERNAME: the one-time code for an account's two-factor
enrolment, from the installation owner (the county administrator, auditor and system
administrator, whose accounts no page manages). Shown once, valid 24 hours, logged."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.rules import ENROLMENT_CODE_HOURS, issue_enrolment_code


class Command(BaseCommand):
    help = "Issue a one-time two-factor enrolment code for an account (shown once, valid 24 hours)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有账号 {username}。")
        code = issue_enrolment_code(user, issued_by="manage.py")
        self.stdout.write(f"{username} 的注册码：{code}（{ENROLMENT_CODE_HOURS} 小时内有效，只显示这一次）")
