"""Session clocks (idle 30 minutes, absolute 12 hours) and the second-factor flag.

Both are written into the session when a login happens, whichever way it
happens (our login page, the admin's, a test client's force_login), so no
request after it needs a query or a session write to check them.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from accounts.rules import must_change_password, second_factor_required

STARTED_AT = "auth_started_at"
LAST_SEEN_AT = "auth_last_seen_at"
SECOND_FACTOR = "second_factor_pending"
PASSWORD_CHANGE = "password_change_pending"
# Refreshing "last seen" at most once a minute keeps most requests free of a session write.
LAST_SEEN_RESOLUTION = 60


def second_factor_needed(user):
    """ "verify" when the user has an authenticator, "setup" when their role requires one, else None."""
    if any(devices_for_user(user, confirmed=True)):
        return "verify"
    if second_factor_required(user):
        return "setup"
    return None


@receiver(user_logged_in, dispatch_uid="accounts_start_session_clocks")
def start_session_clocks(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[STARTED_AT] = now
    request.session[LAST_SEEN_AT] = now
    # django-otp's own receiver has already run if the login form verified a token.
    if getattr(user, "otp_device", None) is None:
        pending = second_factor_needed(user)
        if pending:
            request.session[SECOND_FACTOR] = pending
    # A password an administrator set (a new account, a reset) is changed before anything else.
    if must_change_password(user):
        request.session[PASSWORD_CHANGE] = True


class SessionTimeoutMiddleware:
    """Logs out after SESSION_IDLE_TIMEOUT seconds without a request, or SESSION_ABSOLUTE_TIMEOUT after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get("_auth_user_id") and request.user.is_authenticated:
            now = int(time.time())
            # A session from before these clocks existed starts them now.
            started = session.setdefault(STARTED_AT, now)
            idle = now - session.setdefault(LAST_SEEN_AT, now)
            if idle > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if idle > LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until the one-time code is entered (or an authenticator set up), only those pages open."""

    ALLOWED_URL_NAMES = ["accounts:otp_verify", "accounts:otp_setup", "logout", "set_language", "healthz"]

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed = None

    def __call__(self, request):
        pending = request.session.get(SECOND_FACTOR)
        if pending and request.user.is_authenticated:
            if self._allowed is None:
                self._allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
            if request.path not in self._allowed:
                target = reverse("accounts:otp_verify" if pending == "verify" else "accounts:otp_setup")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class PasswordChangeMiddleware:
    """After the second factor: a user whose password an administrator set (a new account,
    a reset) sees only the page that changes it until they have chosen their own."""

    ALLOWED_URL_NAMES = [
        "accounts:password_change",
        "accounts:otp_verify",
        "accounts:otp_setup",
        "logout",
        "set_language",
        "healthz",
    ]

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed = None

    def __call__(self, request):
        if request.session.get(PASSWORD_CHANGE) and request.user.is_authenticated:
            if self._allowed is None:
                self._allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
            if request.path not in self._allowed:
                return redirect(f"{reverse('accounts:password_change')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
