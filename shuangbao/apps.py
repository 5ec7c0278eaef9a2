from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShuangbaoConfig(AppConfig):
    name = "shuangbao"
    verbose_name = _("Two reports, one task")
