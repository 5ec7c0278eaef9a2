"""Small questions about a user's role, asked by views and templates alike."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache

from branches.roles import Role
from branches.scoping import user_scope


def role_of(user):
    scope = user_scope(user)
    return scope.role if scope else None


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_write(user) -> bool:
    """County admin, committee staff and branch secretaries change records; auditors only read."""
    if not _active(user):
        return False
    return user.is_superuser or role_of(user) in {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF, Role.BRANCH_SECRETARY}


def can_read_member_data(user) -> bool:
    """Everyone with a business role; the system administrator manages accounts, not files."""
    if not _active(user):
        return False
    return user.is_superuser or role_of(user) in {
        Role.COUNTY_ADMIN,
        Role.COMMITTEE_STAFF,
        Role.BRANCH_SECRETARY,
        Role.AUDITOR,
    }


def can_view_full_id_number(user) -> bool:
    """Those who keep the files may reveal a full ID number (within their scope, and logged).

    The auditor reads masked numbers: checking the trail needs no one's full ID.
    """
    if not _active(user):
        return False
    return user.is_superuser or role_of(user) in {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF, Role.BRANCH_SECRETARY}


def can_write_committee_wide(user) -> bool:
    """Records of a whole committee (its honours, its 组织生活 rules): committee staff and the
    county administrator. A branch secretary reads them and keeps its own branch's records."""
    if not _active(user):
        return False
    return user.is_superuser or role_of(user) in {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF}


def can_use_admin(user) -> bool:
    """The Django admin is the county administrator's back office; every other role works
    on the pages, whose rules the admin would otherwise let them skip."""
    if not _active(user):
        return False
    return user.is_superuser or role_of(user) == Role.COUNTY_ADMIN


def can_manage_accounts(user) -> bool:
    """The system administrator and the county administrator create and disable accounts."""
    if not _active(user):
        return False
    return user.is_superuser or role_of(user) in {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN}


def can_read_audit_log(user) -> bool:
    """The auditor (三员分立: the one who checks is not the one who administers)."""
    if not _active(user):
        return False
    return user.is_superuser or role_of(user) == Role.AUDITOR


def is_home_secretary(user) -> bool:
    """The secretary of a home organisation (流出地党组织), or a township's organisation staff.

    They work on the village pages only: the branches' pages, lists and exports, built for
    a committee's or a branch's scope, stay closed to them (403)."""
    return _active(user) and role_of(user) == Role.HOME_SECRETARY


def home_secretary_required(view):
    """The village pages: a home organisation's secretary, logged in; anyone else a 403.
    What they show is scoped by ``visible_to`` like every other page."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_home_secretary(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def reader_required(view):
    """Logged in with a business role; anyone else gets the login page or a 403.
    Pages of personal data are never cached by the browser or a proxy."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_read_member_data(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def writer_required(view):
    """Only roles that change records: the auditor (and the system administrator) get a 403
    before anything is looked up, on GET and POST alike (server-side read-only)."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_write(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
