from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from assistance.models import (
    Beneficiary,
    Campaign,
    Donation,
    HelpAction,
    HelpRequest,
    InvestmentProject,
    JobFair,
    JobReferral,
    ReturnApplication,
    ReturnPost,
    Visit,
)
from assistance.models.projects import projects_visible_to
from branches.admin_base import (
    ScopedAdminMixin,
    ScopedBranchFilter,
    ScopedCommitteeFilter,
    ScopedInlineMixin,
    ScopedModelAdmin,
)


class HelpActionInline(ScopedInlineMixin, admin.TabularInline):
    model = HelpAction
    extra = 0
    exclude = ["actor"]


@admin.register(HelpRequest)
class HelpRequestAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["received_on", "requester_display", "branch", "category", "location", "status", "money_recovered"]
    list_filter = [
        "status",
        "category",
        "location",
        ScopedCommitteeFilter,
        ScopedBranchFilter,
    ]
    search_fields = ["member__name", "requester_name", "story", "referred_to"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "branch"]
    date_hierarchy = "received_on"
    inlines = [HelpActionInline]
    show_full_result_count = False

    def save_formset(self, request, form, formset, change):
        for action in formset.save(commit=False):
            if isinstance(action, HelpAction) and not action.actor_id:
                action.actor = request.user
            action.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Visit)
class VisitAdmin(ScopedModelAdmin):
    list_display = ["visited_on", "occasion", "member", "visitee_name", "branch", "reason", "cash", "goods_value"]
    list_filter = ["occasion", "reason", ScopedBranchFilter]
    search_fields = ["member__name", "visitee_name", "village"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "branch"]
    date_hierarchy = "visited_on"


class DonationInline(ScopedInlineMixin, admin.TabularInline):
    model = Donation
    extra = 0
    autocomplete_fields = ["member"]


class BeneficiaryInline(ScopedInlineMixin, admin.TabularInline):
    model = Beneficiary
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(ScopedModelAdmin):
    list_display = ["name", "purpose", "committee", "branch", "starts_on", "ends_on", "target_amount"]
    list_filter = [
        "purpose",
        ScopedCommitteeFilter.on("committee"),
        ScopedBranchFilter,
    ]
    search_fields = ["name", "organiser"]
    inlines = [DonationInline, BeneficiaryInline]
    list_select_related = ["committee", "branch"]


@admin.register(Donation)
class DonationAdmin(ScopedModelAdmin):
    list_display = ["donated_on", "campaign", "member", "donor_name", "kind", "goods", "quantity", "amount"]
    list_filter = ["kind", ("campaign", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["member__name", "donor_name", "goods"]
    autocomplete_fields = ["member", "campaign"]
    list_select_related = ["member", "campaign"]


@admin.register(Beneficiary)
class BeneficiaryAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "township", "village", "amount", "campaign"]
    list_filter = ["kind", "township", ("campaign", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "village"]
    autocomplete_fields = ["campaign"]
    list_select_related = ["campaign"]


@admin.register(JobFair)
class JobFairAdmin(ScopedModelAdmin):
    list_display = ["name", "held_on", "location", "employers", "posts_offered"]
    search_fields = ["name", "location"]


@admin.register(JobReferral)
class JobReferralAdmin(ScopedModelAdmin):
    list_display = [
        "person_name",
        "township",
        "poverty_household",
        "employer",
        "city",
        "position",
        "monthly_wage",
        "referred_on",
    ]
    list_filter = ["poverty_household", "city", "township"]
    search_fields = ["person_name", "employer"]
    autocomplete_fields = ["job_fair"]
    date_hierarchy = "referred_on"


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(ScopedModelAdmin):
    list_display = ["name", "company", "introducer", "amount_wan", "township", "stage", "jobs", "signed_on"]
    list_filter = ["stage", "industry", "township"]
    search_fields = ["name", "company"]
    autocomplete_fields = ["introduced_by"]
    list_select_related = ["introduced_by"]

    def get_queryset(self, request):
        queryset = projects_visible_to(request.user)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    @admin.display(description=_("introduced by"), ordering="introduced_by__name")
    def introducer(self, project):
        # As on the project list: a committee-wide project names who brought it only to
        # those who may read that member's file.
        return project.introduced_by.name if project.introduced_by_id and project.introducer_visible else "—"


class ReturnApplicationInline(ScopedInlineMixin, admin.TabularInline):
    model = ReturnApplication
    extra = 0
    autocomplete_fields = ["member"]

    def get_queryset(self, request):
        # A post belongs to the whole committee, its applicants to their branches: unlike
        # the other inlines, the parent's scope does not narrow these rows. A secretary
        # sees its own branch's applicants, as on the post's page.
        return super().get_queryset(request) & ReturnApplication.objects.visible_to(request.user)


@admin.register(ReturnPost)
class ReturnPostAdmin(ScopedModelAdmin):
    list_display = ["name", "title", "township", "village", "term_years", "quota", "opens_on"]
    list_filter = ["title", "township"]
    search_fields = ["name", "village"]
    inlines = [ReturnApplicationInline]


@admin.register(ReturnApplication)
class ReturnApplicationAdmin(ScopedModelAdmin):
    list_display = ["member", "post", "applied_on", "status", "term_starts_on"]
    list_filter = ["status"]
    search_fields = ["member__name", "post__name"]
    autocomplete_fields = ["member", "post"]
    list_select_related = ["member", "post"]
