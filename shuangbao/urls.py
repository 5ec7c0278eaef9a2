from django.urls import path

from shuangbao.views import check_ins, overview, reports, tasks

app_name = "shuangbao"

urlpatterns = [
    path("", overview.overview, name="overview"),
    # 报到
    path("check-ins/", check_ins.check_in_list, name="check_in_list"),
    path("check-ins/export/", check_ins.check_in_export, name="check_in_export"),
    path("check-ins/new/", check_ins.check_in_create, name="check_in_create"),
    # 确认: the branch secretary confirms members' own check-ins (待确认), one or many.
    path("check-ins/confirm/", check_ins.check_in_confirm, name="check_in_confirm"),
    path("not-checked-in/", check_ins.not_checked_in_list, name="not_checked_in"),
    path("not-checked-in/export/", check_ins.not_checked_in_export, name="not_checked_in_export"),
    # 报告
    path("reports/", reports.report_board, name="report_board"),
    path("reports/export/", reports.report_board_export, name="report_board_export"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/grid/", reports.report_grid, name="report_grid"),
    # Reports the home village has not acknowledged (签收) within 15 days.
    path("reports/unacknowledged/", reports.unacknowledged_reports, name="unacknowledged_reports"),
    # 领任务
    path("tasks/", tasks.task_board, name="task_board"),
    path("tasks/export/", tasks.task_export, name="task_export"),
    path("tasks/new/", tasks.task_create, name="task_create"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/claim/", tasks.task_claim, name="task_claim"),
    path("claims/<int:pk>/", tasks.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/progress/", tasks.claim_action, {"action": "progress"}, name="claim_progress"),
    path("claims/<int:pk>/complete/", tasks.claim_action, {"action": "complete"}, name="claim_complete"),
    path("claims/<int:pk>/evaluate/", tasks.claim_action, {"action": "evaluate"}, name="claim_evaluate"),
    path("claims/<int:pk>/drop/", tasks.claim_action, {"action": "drop"}, name="claim_drop"),
    # One member's linked record: status line and timeline.
    path("members/<int:pk>/", overview.member_record, name="member_record"),
]
