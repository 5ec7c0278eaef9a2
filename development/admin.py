"""The county's back office reads the pipeline here; every step is recorded on the pages
(development.services), whose rules the admin would otherwise skip: read only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.admin_base import ReadOnlyAdminMixin as ReadOnly
from branches.admin_base import ScopedAdminMixin, ScopedBranchFilter, ScopedCommitteeFilter, ScopedModelAdmin
from development.models import Applicant, DevelopmentRules, Step


class StepInline(ReadOnly, admin.TabularInline):
    model = Step
    extra = 0
    fields = ["done_on", "kind", "meeting", "document_no", "hours", "votes_for", "recorded_by"]
    readonly_fields = fields


@admin.register(Applicant)
class ApplicantAdmin(ReadOnly, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "branch", "stage", "applied_on", "next_step", "next_deadline"]
    list_filter = ["stage", ScopedCommitteeFilter, ScopedBranchFilter]
    search_fields = ["name", "phone"]
    exclude = ["id_number"]
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(ReadOnly, ScopedModelAdmin):
    list_display = ["done_on", "applicant", "kind", "document_no", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["applicant__name", "document_no"]
    list_select_related = ["applicant"]


@admin.register(DevelopmentRules)
class DevelopmentRulesAdmin(ReadOnly, ScopedModelAdmin):
    list_display = ["committee", "talk_within_months", "activist_min_months", "approval_within_months"]
    list_filter = [ScopedCommitteeFilter.on("committee")]
