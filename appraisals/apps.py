from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalsConfig(AppConfig):
    """民主评议党员: the yearly grading of members, and 组织处置 of those found 不合格."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "appraisals"
    verbose_name = _("Democratic appraisal of members")
