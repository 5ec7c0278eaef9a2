from django.urls import path

from dashboard.views import statistics

app_name = "statistics"

urlpatterns = [
    path("", statistics.profile, name="profile"),
    path("profile.xlsx", statistics.profile_xlsx, name="profile_xlsx"),
    path("origin/", statistics.origin, name="origin"),
    path("origin.xlsx", statistics.origin_xlsx, name="origin_xlsx"),
    path("charts/<slug:slug>/", statistics.chart_table, name="chart"),
    path("charts/<slug:slug>.svg", statistics.chart_svg, name="chart_svg"),
    path("charts/<slug:slug>.xlsx", statistics.chart_xlsx, name="chart_xlsx"),
]
