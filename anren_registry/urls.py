from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from anren_registry import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Member files, their pages and the import centre.
    path("", include("members.urls")),
    # 双报一领: check-ins, reports, tasks.
    path("shuangbao/", include("shuangbao.urls")),
    # Organisational life: meetings, attendance, compliance.
    path("meetings/", include("meetings.urls")),
    # 党费: dues accounts, payments, arrears, ledgers.
    path("dues/", include("dues.urls")),
    # 发展党员: the pipeline from application to full membership.
    path("development/", include("development.urls")),
    # Care and hometown work.
    path("assistance/", include("assistance.urls")),
    # 民主评议党员: the boards and the grading.
    path("appraisals/", include("appraisals.urls")),
    # Members' own pages (/me/), their invitations, and 通知公告.
    path("", include("selfservice.urls")),
    # The home village's side: its secretary's pages.
    path("village/", include("village.urls")),
    # User accounts and the second factor; the audit log.
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    # 通知: the bell, the list, one's channels; 后台任务: failed jobs and retries.
    path("notifications/", include("notifications.urls")),
    path("jobs/", include("jobs.urls")),
    path("admin/", admin.site.urls),
    # The dashboard, statistics and branch pages.
    path("", include("dashboard.urls")),
]

handler400 = "anren_registry.views.bad_request"
handler403 = "anren_registry.views.permission_denied"
handler404 = "anren_registry.views.page_not_found"
handler500 = "anren_registry.views.server_error"
