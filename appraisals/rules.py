"""The rules of 民主评议党员, each with its source (docs/appraisals.md).

- 中国共产党党员教育管理工作条例 (2019), on 民主评议党员: a branch appraises its members once a
  year, grading them 优秀 / 合格 / 基本合格 / 不合格; a mobile member may be appraised by the
  party organisation where they work (流入地) — the result goes to the home organisation.
- The yearly guidance of the organisation departments that apply it: 优秀 "一般不超过党员总数的
  1/3" of the full members graded; 预备党员 take part but are not graded.
- 中国共产党章程 第九条: a member who does not meet the conditions is asked to correct within a
  time limit (限期改正); one who has not changed after education is persuaded to leave (劝其退党);
  one who will not leave is removed (除名) by the branch's general meeting.
"""

from appraisals.models import DisposalKind, Grade
from meetings.models import MeetingKind

# A grade is decided by the branch's general meeting or its committee (on the appraisal's
# evidence), at a meeting held for the appraisal or the year's 组织生活会.
DECIDING_MEETINGS = (MeetingKind.APPRAISAL, MeetingKind.GENERAL, MeetingKind.COMMITTEE, MeetingKind.LIFE_MEETING)


def excellent_limit(graded: int) -> int:
    """The most members graded 优秀 among ``graded`` full members: one third, rounded down."""
    return graded // 3


def is_probationary(member, on) -> bool:
    """预备党员 on that day: not (yet) a full member. They take part but are not graded."""
    return member.full_member_on is None or member.full_member_on > on


# 组织处置, step by step (党章 第九条): what may follow each step; the first is 限期改正.
NEXT_STEPS: dict[str | None, tuple[str, ...]] = {
    None: (DisposalKind.CORRECTION,),
    DisposalKind.CORRECTION: (DisposalKind.CORRECTED, DisposalKind.PERSUADE, DisposalKind.REMOVAL),
    DisposalKind.PERSUADE: (DisposalKind.REMOVAL,),
    DisposalKind.CORRECTED: (),
    DisposalKind.REMOVAL: (),
}
# 劝其退党 and 除名: decided by the branch's general meeting, approved by the next higher
# organisation (党章 第九条); 除名 ends the membership (members.lifecycle's 除名).
DECIDED_AND_APPROVED = (DisposalKind.PERSUADE, DisposalKind.REMOVAL)
# After 限期改正, 劝其退党 or 除名 only once the time given has run out.
AFTER_THE_DEADLINE = (DisposalKind.PERSUADE, DisposalKind.REMOVAL)

__all__ = ["Grade"]
