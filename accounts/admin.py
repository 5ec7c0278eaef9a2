"""User accounts are kept on the account pages (accounts.rules: 三员分立, an audit entry for
every role or scope change), not in the admin, where a change would skip both."""

from django.contrib import admin
from django.contrib.auth.models import Group, User

admin.site.unregister(User)
admin.site.unregister(Group)
