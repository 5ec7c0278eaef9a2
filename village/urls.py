from django.urls import path

from village import transfers, views

app_name = "village"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.member_list, name="member_list"),
    path("members/export/", transfers.member_export, name="member_export"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    # 组织关系转接: letters addressed to the village, and their 回执.
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/receipt/", transfers.transfer_receipt, name="transfer_receipt"),
    # 签收 of the members' reports.
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/acknowledge/", views.report_acknowledge, name="report_acknowledge"),
    # Help requests referred home.
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/action/", views.referral_action, name="referral_action"),
    path("referrals/<int:pk>/close/", views.referral_close, name="referral_close"),
    # 民主评议 results sent home.
    path("appraisals/", views.appraisal_list, name="appraisal_list"),
]
