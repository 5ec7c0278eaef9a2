from django.contrib import admin

from audit.models import READ_LOG, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only for whoever reads the log; nobody adds, changes or deletes (not even a superuser)."""

    list_display = ["created_at", "username", "action", "object_type", "object_repr", "ip_address"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["username", "object_repr", "object_id"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = None

    def has_module_permission(self, request):
        return request.user.has_perm(READ_LOG)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(READ_LOG)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
