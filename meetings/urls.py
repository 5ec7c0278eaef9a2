from django.urls import path

from meetings.views import compliance, notices, organisation, records, rules

app_name = "meetings"

urlpatterns = [
    path("", records.meeting_list, name="list"),
    path("export/", records.meeting_export, name="export"),
    path("new/", records.meeting_create, name="create"),
    path("publish/", notices.meeting_publish, name="publish"),
    path("<int:pk>/sign-in/<str:token>/", notices.meeting_sign_in, name="sign_in"),
    path("<int:pk>/print/minutes/", notices.print_minutes, name="print_minutes"),
    path("<int:pk>/print/sign-in/", notices.print_sign_in, name="print_sign_in"),
    path("<int:pk>/", records.meeting_detail, name="detail"),
    path("<int:pk>/edit/", records.meeting_update, name="update"),
    path("<int:pk>/attachments/", records.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", records.attachment_download, name="attachment"),
    path("compliance/", compliance.compliance, name="compliance"),
    path("compliance/export/", compliance.compliance_export, name="compliance_export"),
    # 组织生活达标规则: a committee setting (it was admin-only).
    path("rules/", rules.rule_list, name="rules"),
    path("rules/<int:pk>/edit/", rules.rule_edit, name="rules_edit"),
    path("groups/", organisation.group_list, name="groups"),
    path("groups/new/", organisation.group_create, name="group_create"),
    path("groups/<int:pk>/edit/", organisation.group_update, name="group_update"),
    path("<int:pk>/election/", organisation.election_record, name="election"),
    path("renewals/", organisation.renewal_list, name="renewals"),
    path("attendance/", compliance.attendance, name="attendance"),
    path("attendance/export/", compliance.attendance_export, name="attendance_export"),
]
