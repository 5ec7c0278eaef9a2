from django.urls import path

from appraisals import views

app_name = "appraisals"

urlpatterns = [
    path("", views.board, name="board"),
    path("branches/<int:pk>/", views.branch_board, name="branch_board"),
    path("branches/<int:pk>/grade/", views.grade, name="grade"),
    path("<int:pk>/disposal/", views.disposal_create, name="disposal_create"),
]
