from django.urls import path

from shuangbao import views

app_name = "shuangbao"

urlpatterns = [
    path("", views.overview, name="overview"),
    # 报到
    path("check-ins/", views.check_in_list, name="check_in_list"),
    path("check-ins/export/", views.check_in_export, name="check_in_export"),
    path("check-ins/new/", views.check_in_create, name="check_in_create"),
    path("not-checked-in/", views.not_checked_in_list, name="not_checked_in"),
    path("not-checked-in/export/", views.not_checked_in_export, name="not_checked_in_export"),
    # 报告
    path("reports/", views.report_board, name="report_board"),
    path("reports/export/", views.report_board_export, name="report_board_export"),
    path("reports/new/", views.report_create, name="report_create"),
    # 领任务
    path("tasks/", views.task_board, name="task_board"),
    path("tasks/export/", views.task_export, name="task_export"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/claim/", views.task_claim, name="task_claim"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/progress/", views.claim_action, {"action": "progress"}, name="claim_progress"),
    path("claims/<int:pk>/complete/", views.claim_action, {"action": "complete"}, name="claim_complete"),
    path("claims/<int:pk>/evaluate/", views.claim_action, {"action": "evaluate"}, name="claim_evaluate"),
    path("claims/<int:pk>/drop/", views.claim_action, {"action": "drop"}, name="claim_drop"),
    # One member's linked record: status line and timeline.
    path("members/<int:pk>/", views.member_record, name="member_record"),
]
