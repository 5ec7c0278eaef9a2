"""民主评议 in the county's back office: read only.

Grades and 组织处置 steps are recorded on the pages through ``appraisals.services`` (the
one-third limit on 优秀, no grade for a 预备党员, the order of the steps and their dates,
the member's status for 劝退 / 除名): the admin would skip those rules, so it reads them,
in the user's scope.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from appraisals.models import Appraisal, Disposal
from branches.admin_base import (
    ReadOnlyAdminMixin,
    ScopedAdminMixin,
    ScopedBranchFilter,
    ScopedCommitteeFilter,
    ScopedInlineMixin,
)


class DisposalInline(ReadOnlyAdminMixin, ScopedInlineMixin, admin.TabularInline):
    model = Disposal
    extra = 0
    fields = ["kind", "decided_on", "deadline", "note", "recorded_by"]
    readonly_fields = fields


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "member", "branch", "grade", "home_organisation", "meeting"]
    list_filter = ["year", "grade", ScopedCommitteeFilter, ScopedBranchFilter]
    search_fields = ["member__name"]
    list_select_related = ["member", "branch", "home_organisation", "meeting"]
    inlines = [DisposalInline]
    show_full_result_count = False


@admin.register(Disposal)
class DisposalAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["appraisal", "kind", "decided_on", "deadline", "recorded_by"]
    list_filter = ["kind", ScopedBranchFilter.on("appraisal__branch")]
    search_fields = ["appraisal__member__name"]
    list_select_related = ["appraisal__member", "recorded_by"]
    show_full_result_count = False
