"""Whether a member is on the roll (在册), as the dues rules ask it: in one place.

Members' lifecycle statuses are being reworked (issue 15); everything in dues asks
here, so pointing at their rule is a change to this module only.
"""

from django.db.models import Q

from members.models import Member, MemberStatus


def on_roll(prefix: str = "") -> Q:
    """A filter for members on the roll; ``prefix`` is the path to the member ("member__")."""
    return Q(**{f"{prefix}status": MemberStatus.ACTIVE})


def is_on_roll(member: Member) -> bool:
    return member.status == MemberStatus.ACTIVE
