from django.urls import path

from development import views

app_name = "development"

urlpatterns = [
    path("", views.board, name="board"),
    path("export/", views.board_export, name="export"),
    path("new/", views.applicant_create, name="create"),
    path("<int:pk>/", views.applicant_detail, name="detail"),
    path("<int:pk>/steps/<slug:kind>/", views.step_create, name="step"),
    path("<int:pk>/withdraw/", views.applicant_withdraw, name="withdraw"),
    path("figures/", views.figures, name="figures"),
    path("figures/export/", views.figures_export, name="figures_export"),
    path("rules/<int:pk>/", views.rules_edit, name="rules"),
]
