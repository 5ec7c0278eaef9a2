from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        # Recording logins and logouts; no domain rule lives in these receivers.
        from audit import signals  # noqa: F401
