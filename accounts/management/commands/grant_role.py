"""manage.py grant_role USERNAME ROLE [--committee ID | --branch ID] [--name 姓名]

The installation owner's way to the roles no page grants (county administrator,
auditor, system administrator), and to any other. Creates the account if it does not
exist (it then needs a password: ``manage.py changepassword USERNAME``). Logged.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.rules import grant_role
from branches.models import Branch, Committee
from branches.roles import Role


class Command(BaseCommand):
    help = "Give an account a role and scope (the installation owner's command; every grant is logged)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--committee", type=int, help="committee id, for committee_staff")
        parser.add_argument("--branch", type=int, help="branch id, for branch_secretary")
        parser.add_argument("--name", default="", help="the person's name")

    def handle(self, *args, username, role, committee, branch, name, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            committee = Committee.objects.get(pk=committee) if committee else None
            branch = Branch.objects.get(pk=branch) if branch else None
            grant_role(user, role=role, committee=committee, branch=branch, full_name=name)
        except (Committee.DoesNotExist, Branch.DoesNotExist):
            raise CommandError("没有这个流动党委或党支部。") from None
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        if not user.has_usable_password():
            self.stdout.write(f"账号 {username} 尚无密码：请运行 manage.py changepassword {username}")
        self.stdout.write(self.style.SUCCESS(f"{username}：{Role(role).label}"))
