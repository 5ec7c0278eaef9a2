from django.urls import path

from dashboard.views import branches

app_name = "branches"

urlpatterns = [
    path("", branches.branch_list, name="list"),
    path("export.xlsx", branches.branch_export, name="export"),
    path("<int:pk>/", branches.branch_detail, name="detail"),
]
