from django.contrib import admin

from branches.admin_base import (
    ScopedBranchFilter,
    ScopedCommitteeFilter,
    ScopedInlineMixin,
    ScopedModelAdmin,
)
from branches.models import Branch, Committee, HomeOrganisation, PairedVillage, StaffScope
from branches.permissions import can_use_admin
from branches.roles import Role


@admin.register(Committee)
class CommitteeAdmin(ScopedModelAdmin):
    list_display = ["name", "short_name", "region", "founded_on", "report_cycle"]
    search_fields = ["name", "short_name"]
    inlines = []
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


@admin.register(HomeOrganisation)
class HomeOrganisationAdmin(admin.ModelAdmin):
    """The county's list of home organisations (流出地党组织): the county administrator keeps
    it, adding the villages it lacks and each one's secretary and phone."""

    list_display = ["full_name", "kind", "parent", "secretary_name", "contact_phone"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "full_name", "secretary_name"]
    list_select_related = ["parent"]

    def has_module_permission(self, request):
        return can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_add_permission(self, request):
        return can_use_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_use_admin(request.user)


@admin.register(StaffScope)
class StaffScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "committee", "branch"]
    list_filter = ["role", ScopedCommitteeFilter.on("committee")]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    # Read only: a role or scope changes on the account pages (accounts.rules), which
    # keep 三员分立 and write the audit entry; nobody changes them here.
    def has_module_permission(self, request):
        return can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
