"""Who has a vote at a branch's meeting (the attendee's standing, recorded on the roll).

- 《中国共产党基层组织选举工作条例》(2020) 第五条: 正式党员 have a vote (表决权, 选举权,
  被选举权); 预备党员 have none.
- The 流动党员活动证 rules: a member who keeps the organisational relation at home takes
  part in the inflow branch's organisational life and pays dues there, but votes and
  elects at home (不享有表决权、选举权和被选举权): here they sit in (列席) and count as
  present, not in the quorum. ``Committee.mobile_members_vote`` lets a committee that
  holds those relations itself say otherwise; the national rule is the default.
"""

import datetime

from meetings.models import Standing
from members.models import Category


def standing_of(member, held_on: datetime.date, *, mobile_members_vote: bool = False) -> str:
    """The standing of ``member`` at a meeting held on ``held_on``."""
    if member.full_member_on is None or member.full_member_on > held_on:
        return Standing.PROBATIONARY
    if member.category == Category.MOBILE and not mobile_members_vote:
        return Standing.OBSERVER
    return Standing.VOTING


def standings(branch, members, held_on: datetime.date) -> dict[int, str]:
    """member pk → standing for a meeting of ``branch`` on ``held_on``."""
    votes = branch.committee.mobile_members_vote
    return {member.pk: standing_of(member, held_on, mobile_members_vote=votes) for member in members}
