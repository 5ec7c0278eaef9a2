"""Django permissions that a role carries, for the apps below branches that cannot ask for the role."""

from django.core.exceptions import PermissionDenied

from audit.models import READ_LOG
from branches.permissions import can_read_audit_log


class RolePermissionBackend:
    """Answers ``user.has_perm(audit.models.READ_LOG)`` from the user's role (三员分立: the auditor).

    The audit app sits below branches, so its pages ask for a permission, not a role.
    For that permission this backend's answer is final (a "no" raises PermissionDenied,
    which ends Django's walk through the backends): no group or user permission, which
    the admin could hand out, widens who reads the log. Other permissions pass through.
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if perm != READ_LOG:
            return False
        if can_read_audit_log(user_obj):
            return True
        raise PermissionDenied
