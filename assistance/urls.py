from django.urls import path

from assistance.views import campaigns, help_requests, impact, jobs, projects, return_posts, villages, visits

app_name = "assistance"

urlpatterns = [
    path("", impact.impact, name="impact"),
    # 困难诉求 (排忧解难)
    path("help-requests/", help_requests.help_request_list, name="help_request_list"),
    path("help-requests/export/", help_requests.help_request_export, name="help_request_export"),
    path("help-requests/new/", help_requests.help_request_create, name="help_request_create"),
    path("help-requests/<int:pk>/", help_requests.help_request_detail, name="help_request_detail"),
    path("help-requests/<int:pk>/actions/", help_requests.help_request_add_action, name="help_request_add_action"),
    path(
        "help-requests/<int:pk>/to/<slug:to_status>/",
        help_requests.help_request_transition,
        name="help_request_transition",
    ),
    # 走访慰问
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/export/", visits.visit_export, name="visit_export"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<int:pk>/edit/", visits.visit_update, name="visit_update"),
    # 募捐/帮扶活动, donations, beneficiaries
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/export/", campaigns.campaign_export, name="campaign_export"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_update, name="campaign_update"),
    path("campaigns/<int:pk>/donations/", campaigns.donation_create, name="donation_create"),
    path("campaigns/<int:pk>/beneficiaries/", campaigns.beneficiary_create, name="beneficiary_create"),
    # 就业推荐, 招聘会
    path("jobs/", jobs.job_referral_list, name="job_referral_list"),
    path("jobs/export/", jobs.job_referral_export, name="job_referral_export"),
    path("jobs/new/", jobs.job_referral_create, name="job_referral_create"),
    path("jobs/fairs/new/", jobs.job_fair_create, name="job_fair_create"),
    # 结对帮扶村
    path("paired-villages/", villages.paired_village_list, name="paired_village_list"),
    path("paired-villages/export/", villages.paired_village_export, name="paired_village_export"),
    path("paired-villages/new/", villages.paired_village_create, name="paired_village_create"),
    path("paired-villages/<int:pk>/edit/", villages.paired_village_update, name="paired_village_update"),
    path("paired-villages/<int:pk>/delete/", villages.paired_village_delete, name="paired_village_delete"),
    # 招商引资项目
    path("projects/", projects.project_list, name="project_list"),
    path("projects/export/", projects.project_export, name="project_export"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/edit/", projects.project_update, name="project_update"),
    # 回引挂职
    path("return-posts/", return_posts.return_post_list, name="return_post_list"),
    path("return-posts/new/", return_posts.return_post_create, name="return_post_create"),
    path("return-posts/<int:pk>/", return_posts.return_post_detail, name="return_post_detail"),
    path("return-posts/<int:pk>/apply/", return_posts.return_application_create, name="return_application_create"),
    path("return-applications/", return_posts.return_application_list, name="return_application_list"),
    path("return-applications/export/", return_posts.return_application_export, name="return_application_export"),
    path(
        "return-applications/<int:pk>/to/<slug:to_status>/",
        return_posts.return_application_step,
        name="return_application_step",
    ),
]
