"""Who is a member on the self-service pages, and the one rule that keeps them there.

A member's account opens ``/me/`` and nothing else: every other page of the registry is a
404 to it (the admin included), whatever that page's own checks would say. Staff get a 403
on the member pages; a visitor the login page."""

import re
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from branches.permissions import role_of
from branches.roles import Role
from branches.scoping import user_scope
from members.models import MemberStatus

# Pages a member may open besides /me/: logging out, the language switch, the health check,
# and the public QR links of meetings (a member signs in to a meeting like anyone).
MEMBER_PREFIX = "/me/"
MEMBER_ALLOWED_PREFIXES = ("/accounts/logout/", "/i18n/", "/healthz", "/static/")
MEETING_SIGN_IN = re.compile(r"^/meetings/\d+/sign-in/[^/]+/$")


def is_member_account(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active and role_of(user) == Role.MEMBER


def member_of(user):
    """The member file of a member's account (the one record its /me/ pages are about)."""
    scope = user_scope(user)
    return scope.member if scope is not None and scope.role == Role.MEMBER else None


def member_required(view):
    """A /me/ page: logged in as a member whose file is on the roll; staff get a 403.
    ``request.member`` is the file."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_member_account(request.user):
            raise PermissionDenied
        request.member = member_of(request.user)
        # A file no longer on the roll (transferred, back home, lost, …) opens no self-service page.
        if request.member.status != MemberStatus.ACTIVE:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class MemberPagesOnlyMiddleware:
    """A member's account sees /me/ only: the dashboard sends it on to /me/, anything else is a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        if (
            user is not None
            and user.is_authenticated
            and not path.startswith(MEMBER_PREFIX)
            and not path.startswith(MEMBER_ALLOWED_PREFIXES)
            and not MEETING_SIGN_IN.match(path)
            and role_of(user) == Role.MEMBER
        ):
            if path in ("/", "/accounts/login/"):
                return redirect("selfservice:home")
            raise Http404
        return self.get_response(request)
