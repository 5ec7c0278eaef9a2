"""Login, failed login, lockout and logout go to the audit log.

Signals are the one place every way of logging in passes through (our login
page, the admin's, a test client), so they record; they decide nothing.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.log import record
from audit.models import Action


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    record(request, Action.LOGIN, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        record(request, Action.LOGOUT, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failure(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in ``credentials`` by stars.
    record(request, Action.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150], reason="password")


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def record_lockout(sender, request, username, ip_address, **kwargs):
    record(request, Action.LOGIN_FAILED, username=str(username or "")[:150], reason="locked_out")
