from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from branches.admin import CommitteeAdmin
from branches.admin_base import (
    ScopedAdminMixin,
    ScopedBranchFilter,
    ScopedCommitteeFilter,
    ScopedInlineMixin,
    ScopedModelAdmin,
)
from branches.roles import Role
from meetings.models import Attendance, ComplianceRule, Meeting, MeetingAttachment
from meetings.records import is_late_entry


class ComplianceRuleInline(ScopedInlineMixin, admin.TabularInline):
    model = ComplianceRule
    extra = 0


class AttendanceInline(ScopedInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member"]
    # The standing of the day is worked out by meetings.standing when the roll is saved.
    readonly_fields = ["standing"]


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
        # The same 补录 rule as the meeting form (meetings.records).
        logged_on = timezone.localtime(obj.created_at).date() if obj.created_at else timezone.localdate()
        obj.late_entry = is_late_entry(obj.held_on, logged_on)
        super().save_model(request, obj, form, change)


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(ScopedModelAdmin):
    list_display = ["committee", "kind", "frequency"]
    list_filter = [ScopedCommitteeFilter.on("committee"), "frequency"]
    writer_roles = {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF}


# The committee's page lists its 三会一课 rhythm (branches cannot import meetings).
CommitteeAdmin.inlines = [*CommitteeAdmin.inlines, ComplianceRuleInline]
