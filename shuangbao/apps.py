from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShuangbaoConfig(AppConfig):
    name = "shuangbao"
    verbose_name = _("Two reports, one task")

    def ready(self):
        # The member list's 双报 checkboxes: members sits below shuangbao and cannot import them.
        from members.filters import add_condition
        from members.lapse import add_sign
        from shuangbao.rules import assigned_work_undone, not_checked_in, report_overdue

        add_condition("not_checked_in", _("Not checked in"), not_checked_in)
        add_condition("report_overdue", _("Report overdue"), report_overdue)
        # The 自行脱党 warning's third sign.
        add_sign("no_work", _("Assigned work undone for 6 months"), _("Assigned work"), assigned_work_undone)
