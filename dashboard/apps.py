from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The dashboard, statistics and branch pages: read-only figures on top of the three domain apps."""

    name = "dashboard"
    verbose_name = _("Dashboard and statistics")
