from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.admin_base import (
    ScopedAdminMixin,
    ScopedBranchFilter,
    ScopedCommitteeFilter,
    ScopedInlineMixin,
)
from members.admin import MemberAdmin
from shuangbao.models import CheckIn, Report, Task, TaskClaim


class CheckInInline(ScopedInlineMixin, admin.TabularInline):
    model = CheckIn
    extra = 0
    exclude = ["recorded_by"]


class ReportInline(ScopedInlineMixin, admin.TabularInline):
    model = Report
    extra = 0
    exclude = ["recorded_by"]


class TaskClaimInline(ScopedInlineMixin, admin.TabularInline):
    model = TaskClaim
    extra = 0
    autocomplete_fields = ["task"]


@admin.register(Task)
class TaskAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "category", "committee", "branch", "opens_on", "due_on", "capacity", "status"]
    list_filter = [
        "status",
        "category",
        ScopedCommitteeFilter.on("committee"),
        ScopedBranchFilter,
    ]
    search_fields = ["title", "description"]
    list_select_related = ["committee", "branch"]
    show_full_result_count = False


@admin.register(CheckIn)
class CheckInAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["member", "branch", "checked_in_on", "way", "employer"]
    list_filter = ["way", ScopedBranchFilter]
    search_fields = ["member__name", "employer", "address"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "branch"]
    date_hierarchy = "checked_in_on"
    show_full_result_count = False


@admin.register(Report)
class ReportAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["member", "period_start", "submitted_on", "channel", "acknowledged_by", "acknowledged_on"]
    list_filter = ["channel", "period_start", ScopedBranchFilter.on("member__branch")]
    search_fields = ["member__name", "summary"]
    autocomplete_fields = ["member"]
    list_select_related = ["member"]
    show_full_result_count = False


@admin.register(TaskClaim)
class TaskClaimAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["member", "task", "claimed_on", "status", "evaluation"]
    list_filter = ["status", "evaluation", ScopedBranchFilter.on("member__branch")]
    search_fields = ["member__name", "task__title"]
    autocomplete_fields = ["member", "task"]
    list_select_related = ["member", "task"]
    show_full_result_count = False


# A member's page in the admin shows their 双报一领 (members cannot import shuangbao).
MemberAdmin.inlines = [*MemberAdmin.inlines, CheckInInline, ReportInline, TaskClaimInline]
