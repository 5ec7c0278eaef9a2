from django.urls import path

from village import views

app_name = "village"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.member_list, name="member_list"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
]
