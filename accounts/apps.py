from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("User accounts")

    def ready(self):
        # Session clocks and the second-factor flag are set when a login happens.
        from accounts import sessions  # noqa: F401
        from audit.models import spell_detail_values
        from branches.roles import Role

        # Account changes write role codes into the audit log; the log spells them.
        spell_detail_values(Role.choices)
