from django.urls import path

from selfservice.views import me, notices, staff

app_name = "selfservice"

urlpatterns = [
    # The member's own pages (role member; every other page is closed to it).
    path("me/", me.home, name="home"),
    path("me/file/", me.my_file, name="file"),
    path("me/check-in/", me.check_in, name="check_in"),
    path("me/report/", me.report, name="report"),
    path("me/tasks/", me.tasks, name="tasks"),
    path("me/tasks/<int:pk>/claim/", me.task_claim, name="task_claim"),
    path("me/claims/<int:pk>/", me.claim, name="claim"),
    path("me/dues/", me.dues, name="dues"),
    path("me/notices/", me.notices, name="notices"),
    path("me/notices/<int:pk>/", me.notice, name="notice"),
    path("me/password/", me.password, name="password"),
    # The one-time link an invited member opens to set a password (no login).
    path("me/invitation/<str:token>/", staff.invitation, name="invitation"),
    # The secretary's side: invitations, the branch's QR link, notices with read receipts.
    path("selfservice/members/<int:pk>/invite/", staff.member_invite, name="member_invite"),
    path("selfservice/branches/<int:pk>/qr/", staff.branch_qr, name="branch_qr"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
]
