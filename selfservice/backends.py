"""Members log in with their phone number (the login form's ``username`` field).

Staff log in with their user name through Django's ModelBackend, after django-axes has
checked the lockout for whatever was typed (a phone number too): the same 5 tries, the
same 15 minutes, the same per-name limit of accounts.login."""

from django.contrib.auth.backends import ModelBackend

from branches.models import StaffScope
from branches.roles import Role


def is_phone(value) -> bool:
    return isinstance(value, str) and len(value) == 11 and value.isdigit() and value.startswith("1")


class PhoneBackend(ModelBackend):
    """A member's account by the phone number of its member file; the password as usual."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not is_phone(username) or password is None:
            return None
        scopes = list(StaffScope.objects.filter(role=Role.MEMBER, member__phone=username).select_related("user")[:2])
        # Two member files with one phone number: neither logs in by it (the user name still works).
        if len(scopes) != 1:
            return None
        user = scopes[0].user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
