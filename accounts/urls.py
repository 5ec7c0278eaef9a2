from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/export/", views.user_export, name="user_export"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/enrolment-code/", views.user_enrolment_code, name="user_enrolment_code"),
    path("two-factor/", views.otp_setup, name="otp_setup"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("two-factor/off/", views.otp_remove, name="otp_remove"),
    path("centre/", views.centre, name="centre"),
    path("centre/password/", views.password_change, name="password_change"),
]
