from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillageConfig(AppConfig):
    """The home organisation's side (流出地): its secretary's pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "village"
    verbose_name = _("Home village")
