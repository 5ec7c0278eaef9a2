"""党小组: a branch's groups, their leaders and members (支部工作条例 第十三条)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import PartyGroup, PartyGroupMember


@transaction.atomic
def save_group(group, members, *, user=None) -> PartyGroup:
    """Save ``group`` (its branch set) with exactly ``members``; the leader is one of them.
    A member of another branch, or already in another group, is refused: nothing written."""
    members = list(members)
    strangers = [m for m in members if m.branch_id != group.branch_id]
    if group.leader_id and group.leader.branch_id != group.branch_id:
        raise ValidationError(
            {"leader": _("%(name)s is not a member of %(branch)s.") % {"name": group.leader, "branch": group.branch}}
        )
    if strangers:
        raise ValidationError(
            {
                "members": _("%(names)s: not members of %(branch)s.")
                % {"names": "、".join(m.name for m in strangers), "branch": group.branch}
            }
        )
    if group.leader_id and group.leader_id not in {m.pk for m in members}:
        members.append(group.leader)
    taken = (
        PartyGroupMember.objects.filter(member__in=members)
        .exclude(group_id=group.pk)
        .select_related("member", "group")
        .order_by("member_id")
    )
    if taken:
        raise ValidationError(
            {
                "members": _("Already in another group: %(names)s.")
                % {"names": "、".join(f"{row.member.name}（{row.group.name}）" for row in taken)}
            }
        )
    group._history_user = user
    group.full_clean()
    group.save()
    PartyGroupMember.objects.filter(group=group).exclude(member__in=members).delete()
    have = set(PartyGroupMember.objects.filter(group=group).values_list("member_id", flat=True))
    PartyGroupMember.objects.bulk_create(
        PartyGroupMember(group=group, member=member) for member in members if member.pk not in have
    )
    return group
