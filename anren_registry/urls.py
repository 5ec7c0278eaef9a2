from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from anren_registry import views
from audit import views as audit_views
from dashboard.views import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Member files, their pages and the import centre.
    path("", include("members.urls")),
    # 双报一领: check-ins, reports, tasks.
    path("shuangbao/", include("members.urls_shuangbao")),
    # Organisational life: meetings, attendance, compliance.
    path("meetings/", include("branches.urls_meetings")),
    # Care and hometown work.
    path("assistance/", include("assistance.urls")),
    # User accounts and the second factor; the audit log; revealing a full ID number (logged).
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("members/<int:pk>/id-number/", audit_views.reveal_id_number, name="reveal_id_number"),
    path("admin/", admin.site.urls),
    # Statistics for upward reporting, the dashboard's charts as tables; branch pages.
    path("statistics/", include("dashboard.urls_statistics")),
    path("branches/", include("dashboard.urls_branches")),
]
