"""Small questions about a user's role, asked by views and templates alike."""

from branches.models import Role
from branches.scoping import user_scope


def role_of(user):
    scope = user_scope(user)
    return scope.role if scope else None


def can_write(user) -> bool:
    """County admin, committee staff and branch secretaries change records; auditors only read."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or role_of(user) in {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF, Role.BRANCH_SECRETARY}


def can_read_member_data(user) -> bool:
    """Everyone with a business role; the system administrator manages accounts, not files."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or role_of(user) in {
        Role.COUNTY_ADMIN,
        Role.COMMITTEE_STAFF,
        Role.BRANCH_SECRETARY,
        Role.AUDITOR,
    }
