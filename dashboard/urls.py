from django.urls import path

from dashboard.views import branches, home, statistics

app_name = "dashboard"

urlpatterns = [
    path("", home.dashboard, name="index"),
    # Statistics for upward reporting, the dashboard's charts as tables.
    path("statistics/", statistics.profile, name="profile"),
    path("statistics/profile.xlsx", statistics.profile_xlsx, name="profile_xlsx"),
    path("statistics/origin/", statistics.origin, name="origin"),
    path("statistics/origin.xlsx", statistics.origin_xlsx, name="origin_xlsx"),
    path("statistics/charts/<slug:slug>/", statistics.chart_table, name="chart"),
    path("statistics/charts/<slug:slug>.svg", statistics.chart_svg, name="chart_svg"),
    path("statistics/charts/<slug:slug>.xlsx", statistics.chart_xlsx, name="chart_xlsx"),
    # 党支部 pages: a branch's figures over members, meetings and tasks.
    path("branches/", branches.branch_list, name="branch_list"),
    path("branches/export.xlsx", branches.branch_export, name="branch_export"),
    path("branches/<int:pk>/", branches.branch_detail, name="branch_detail"),
    # Issue 14: set up and kept by the committee's staff and the county (it was admin-only).
    path("branches/new/", branches.branch_create, name="branch_create"),
    path("branches/<int:pk>/edit/", branches.branch_update, name="branch_update"),
    path("committees/<int:pk>/settings/", branches.committee_settings, name="committee_settings"),
]
