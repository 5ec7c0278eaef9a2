"""The roles a user can hold (DESIGN §1); plain choices, so scoping can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("County administrator")
    COMMITTEE_STAFF = "committee_staff", _("Committee staff")
    BRANCH_SECRETARY = "branch_secretary", _("Branch secretary")
    HOME_SECRETARY = "home_secretary", _("Home organisation secretary")
    # A party member on the self-service pages (/me/): their own file and what is published to them.
    MEMBER = "member", _("Party member")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
