"""Who may do what with member files, beyond reading and writing (branches.permissions).
One function per question, asked by views, templates and exports alike, so a rule
changes in one place."""

from branches.permissions import role_of
from branches.roles import Role

__all__ = ["may_import", "may_transfer"]


def _office(user) -> bool:
    """The county and committee offices."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or role_of(user) in {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF}


def may_import(user) -> bool:
    """Bulk imports touch a whole committee's roster: the county and committee offices only."""
    return _office(user)


def may_transfer(user) -> bool:
    """组织关系转接 is the committee's (a 基层党委 that transfers relations): the county and
    committee offices start transfers out and receive transfers in; the receiving branch's
    secretary may confirm a move into the branch (members.transfers.may_confirm)."""
    return _office(user)
