"""选举: recording an election meeting's result, and the branch's posts that follow from it.

- The election is valid only with more than four fifths of those entitled present
  (《中国共产党基层组织选举工作条例》; ``Meeting.quorum_met``). An invalid election is recorded
  with its votes and marked invalid; no post changes.
- Candidates have the right to be elected (选举工作条例 第五条: 正式党员; a mobile member whose
  relation is held at home stands at home): standing 有表决权 on the day.
- A branch committee is elected by 差额选举 (more candidates than seats).
- A candidate is elected with votes for from more than half of the voters present, the most
  votes first, up to the seats; a tie at the last seat elects neither (另行选举).
- A valid election of the branch committee ends every current post of the branch on the day
  and gives the elected their posts from that day (members.posts.save_post, with its rules);
  the branch's term (换届) runs from it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Candidate, Election, ElectionKind, Meeting, MeetingKind, Standing
from meetings.quorum import with_attendance_counts
from meetings.standing import standings
from members.models import Post
from members.posts import save_post


def _check(meeting, kind, seats, candidates, counted):
    if meeting.kind != MeetingKind.GENERAL or not meeting.is_election:
        raise ValidationError(_("Only a branch general meeting marked as an election can record one."))
    if Election.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("This meeting's election is already recorded."))
    if not candidates:
        raise ValidationError({"candidates": _("Name at least one candidate.")})
    if seats < 1 or seats > len(candidates):
        raise ValidationError({"seats": _("The seats must be between 1 and the number of candidates.")})
    if kind == ElectionKind.COMMITTEE and len(candidates) <= seats:
        raise ValidationError(
            {"candidates": _("A branch committee is elected with more candidates than seats (差额选举).")}
        )
    branch = meeting.branch
    members = [member for member, _title, _votes in candidates]
    if len({member.pk for member in members}) != len(members):
        raise ValidationError({"candidates": _("A candidate is named twice.")})
    standing = standings(branch, members, meeting.held_on)
    titles = []
    for row, (member, title, votes) in enumerate(candidates, start=1):
        where = _("Candidate %(row)d (%(name)s)") % {"row": row, "name": member.name}
        if member.branch_id != branch.pk:
            raise ValidationError(
                {"candidates": _("%(where)s: not a member of %(branch)s.") % {"where": where, "branch": branch}}
            )
        if standing[member.pk] != Standing.VOTING:
            raise ValidationError(
                {
                    "candidates": _("%(where)s: has no right to be elected here (%(standing)s).")
                    % {"where": where, "standing": Standing(standing[member.pk]).label}
                }
            )
        if votes > counted.voting_present:
            raise ValidationError(
                {
                    "candidates": _("%(where)s: %(votes)d votes, but only %(present)d voters were present.")
                    % {"where": where, "votes": votes, "present": counted.voting_present}
                }
            )
        if kind == ElectionKind.COMMITTEE:
            if not title:
                raise ValidationError({"candidates": _("%(where)s: give the post if elected.") % {"where": where}})
            titles.append(title)


def elected_of(candidates, seats, voters_present):
    """The indexes of the elected: more than half of the voters present, most votes first,
    up to ``seats``; candidates tied for the last seat are not elected (另行选举)."""
    ranked = sorted(
        (index for index, (_member, _title, votes) in enumerate(candidates) if votes * 2 > voters_present),
        key=lambda index: -candidates[index][2],
    )
    if len(ranked) <= seats:
        return set(ranked)
    cut = candidates[ranked[seats - 1]][2]
    if candidates[ranked[seats]][2] == cut:
        return {index for index in ranked[:seats] if candidates[index][2] > cut}
    return set(ranked[:seats])


@transaction.atomic
def record_election(meeting, *, kind, seats, candidates, user=None, today=None) -> Election:
    """Record the election of ``meeting``: ``candidates`` is a list of (member, post title or
    "", votes for). All or nothing; a ValidationError names the row and why."""
    today = today or timezone.localdate()
    counted = with_attendance_counts(Meeting.objects.filter(pk=meeting.pk)).select_related("branch").get()
    _check(counted, kind, seats, candidates, counted)
    valid = bool(counted.quorum_met)
    election = Election.objects.create(
        meeting=meeting,
        kind=kind,
        seats=seats,
        valid=valid,
        voters_present=counted.voting_present,
        voters_entitled=counted.voting_expected,
        recorded_by=user,
    )
    elected = elected_of(candidates, seats, counted.voting_present) if valid else set()
    for index, (member, title, votes) in enumerate(candidates):
        Candidate.objects.create(election=election, member=member, title=title, votes=votes, elected=index in elected)
    if valid and kind == ElectionKind.COMMITTEE and elected:
        _hand_over(counted.branch, meeting.held_on, [candidates[index] for index in sorted(elected)], today)
    return election


def _hand_over(branch, day, elected, today):
    """The new committee from ``day``: every current post ends that day, the elected start."""
    titles = [title for _member, title, _votes in elected]
    if len(set(titles)) != len(titles):
        raise ValidationError({"candidates": _("Two of the elected were given the same post.")})
    later = Post.objects.filter(branch=branch, started_on__gt=day).select_related("member").first()
    if later is None:
        later = Post.objects.filter(branch=branch, ended_on__gt=day).select_related("member").first()
    if later is not None:
        message = _(
            "%(name)s holds %(title)s of this branch from %(start)s: the post would overlap the new committee's."
        )
        values = {"name": later.member.name, "title": later.get_title_display(), "start": later.started_on}
        raise ValidationError({"candidates": message % values})
    for post in Post.objects.filter(branch=branch, ended_on__isnull=True):
        post.ended_on = day
        post._change_reason = "换届"
        post.save(update_fields=["ended_on"])
    for member, title, _votes in elected:
        save_post(Post(member=member, branch=branch, title=title, started_on=day), today=today, hand_over=False)
    if branch.term_started_on is None or branch.term_started_on < day:
        branch.term_started_on = day
        branch.save(update_fields=["term_started_on"])
