from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches.admin_base import (
    ScopedAdminMixin,
    ScopedBranchFilter,
    ScopedCommitteeFilter,
    ScopedInlineMixin,
    ScopedModelAdmin,
)
from branches.meetings import is_late_entry
from branches.models import (
    Attendance,
    Branch,
    Committee,
    ComplianceRule,
    Meeting,
    MeetingAttachment,
    PairedVillage,
    Role,
    StaffScope,
    Task,
)
from branches.permissions import role_of


class ComplianceRuleInline(ScopedInlineMixin, admin.TabularInline):
    model = ComplianceRule
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(ScopedModelAdmin):
    list_display = ["name", "short_name", "region", "founded_on", "report_cycle"]
    search_fields = ["name", "short_name"]
    inlines = [ComplianceRuleInline]
    writer_roles = {Role.COUNTY_ADMIN}


class PairedVillageInline(ScopedInlineMixin, admin.TabularInline):
    model = PairedVillage
    extra = 0


@admin.register(Branch)
class BranchAdmin(ScopedModelAdmin):
    list_display = ["name", "committee", "city", "venue_address", "founded_on", "dissolved_on"]
    list_filter = [ScopedCommitteeFilter.on("committee"), "city"]
    search_fields = ["name", "city"]
    inlines = [PairedVillageInline]
    writer_roles = {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF}


@admin.register(StaffScope)
class StaffScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "committee", "branch"]
    list_filter = ["role", ScopedCommitteeFilter.on("committee")]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "committee", "branch"]

    def has_module_permission(self, request):
        return request.user.is_superuser or role_of(request.user) in {
            Role.COUNTY_ADMIN,
            Role.SYSTEM_ADMIN,
            Role.AUDITOR,
        }

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return request.user.is_superuser or role_of(request.user) in {Role.COUNTY_ADMIN, Role.SYSTEM_ADMIN}

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request)


class AttendanceInline(ScopedInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member"]


class MeetingAttachmentInline(ScopedInlineMixin, admin.TabularInline):
    model = MeetingAttachment
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        # Uploads go through the meeting form, which checks type and size.
        return False


@admin.register(Meeting)
class MeetingAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["held_on", "branch", "kind", "topic", "online", "host"]
    list_filter = [
        "kind",
        "online",
        ScopedCommitteeFilter,
        ScopedBranchFilter,
        ("held_on", admin.DateFieldListFilter),
    ]
    search_fields = ["topic", "location", "host"]
    date_hierarchy = "held_on"
    list_select_related = ["branch"]
    inlines = [AttendanceInline, MeetingAttachmentInline]
    readonly_fields = ["recorded_by", "created_at", "late_entry"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        # The same 补录 rule as the meeting form (branches.meetings).
        logged_on = timezone.localtime(obj.created_at).date() if obj.created_at else timezone.localdate()
        obj.late_entry = is_late_entry(obj.held_on, logged_on)
        super().save_model(request, obj, form, change)


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


@admin.register(PairedVillage)
class PairedVillageAdmin(ScopedModelAdmin):
    list_display = ["township", "village", "branch", "since", "households_visited"]
    list_filter = [
        ScopedCommitteeFilter,
        ScopedBranchFilter,
        "township",
    ]
    search_fields = ["township", "village"]
    list_select_related = ["branch"]


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(ScopedModelAdmin):
    list_display = ["committee", "kind", "frequency"]
    list_filter = [ScopedCommitteeFilter.on("committee"), "frequency"]
    writer_roles = {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF}


admin.site.site_header = _("Anren Mobile Party Registry · Administration")
admin.site.site_title = _("Anren Mobile Party Registry")
admin.site.index_title = _("Data administration")
