"""The Django admin: the county administrator's back office for data maintenance.

Branch secretaries, committee staff, the auditor and the system administrator do
their work on the pages, which apply the rules of their role; the admin answers them
403 (and sends anyone not logged in to the one login page, with its lockout and second
factor). What the admin does, it does through the same scoping (``visible_to``), and
each save leaves an audit entry (branches.admin_base).
"""

from functools import update_wrapper

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from branches.permissions import can_use_admin


class RegistryAdminSite(AdminSite):
    site_header = _("Anren Mobile Party Registry · Administration")
    site_title = _("Anren Mobile Party Registry")
    index_title = _("Data administration")

    def has_permission(self, request):
        return can_use_admin(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # Logged in without the right: a refusal, not a second login form.
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, view)

    def login(self, request, extra_context=None):
        """No login form of its own: the site's login (lockout, second factor) for everyone."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or "/admin/")
