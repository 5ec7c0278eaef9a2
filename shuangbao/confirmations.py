"""A member's own 报到 on /me/ (待确认) and the branch secretary's confirmation.

DESIGN §2: a check-in is "recorded_by or self (待确认 until the secretary confirms)". A self
check-in is a CheckIn with status ``pending``; it moves the member to the branch only when
the secretary of that branch confirms it (one or many at once, from the check-in list).

``awaiting_confirmation(user)`` is the list other apps call (the dashboard's 待办): the
pending check-ins that ``user`` sees, through ``visible_to``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from branches.permissions import can_write
from members.models import Category, MemberStatus
from shuangbao.models import CheckIn, CheckInStatus, CheckInWay
from shuangbao.services import move_with_check_in


def awaiting_confirmation(user):
    """The self check-ins waiting for ``user``'s confirmation (their scope only), oldest first."""
    return (
        CheckIn.objects.visible_to(user)
        .filter(status=CheckInStatus.PENDING)
        .select_related("member", "branch")
        .order_by("checked_in_on", "pk")
    )


def record_self_check_in(
    member, *, branch, way=CheckInWay.ONLINE, address="", employer="", user=None, today=None
) -> CheckIn:
    """报到 by the member themselves: today, into a branch of their committee, 待确认.

    Refused (in Chinese, nothing written): a member not on the roll or not mobile, a branch of
    another committee or dissolved, and a second check-in on the same day."""
    today = today or timezone.localdate()
    errors = {}
    if member.status != MemberStatus.ACTIVE or member.category != Category.MOBILE:
        errors["__all__"] = _("Only mobile members on the roll check in; ask your branch secretary.")
    if branch is None or branch.committee_id != member.branch.committee_id or branch.dissolved_on:
        errors["branch"] = _("Choose a branch of your own committee.")
    if way not in CheckInWay.values:
        errors["way"] = _("Choose how you check in.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The member row is locked, so two taps of the button make one check-in, not two.
        type(member).objects.select_for_update().filter(pk=member.pk).first()
        if CheckIn.objects.filter(member=member, checked_in_on=today).exists():
            raise ValidationError(
                {"__all__": _("You have already checked in today (%(day)s).") % {"day": f"{today:%Y-%m-%d}"}}
            )
        return CheckIn.objects.create(
            member=member,
            branch=branch,
            checked_in_on=today,
            way=way,
            address=address.strip(),
            employer=employer.strip(),
            recorded_by=user,
            status=CheckInStatus.PENDING,
        )


def confirm_check_ins(user, ids) -> int:
    """确认: the secretary confirms the self check-ins ``ids`` of their scope, in one transaction.

    Ids outside the user's scope, or already confirmed, are left alone (not counted); the
    newest confirmed check-in into another branch moves the member there. Returns how many."""
    if not can_write(user):
        raise ValidationError(_("Your role does not confirm check-ins."))
    clean_ids = [int(pk) for pk in ids if str(pk).isdigit()]
    if not clean_ids:
        raise ValidationError(_("Tick the check-ins to confirm."))
    now = timezone.now()
    confirmed = 0
    with transaction.atomic():
        rows = (
            CheckIn.objects.visible_to(user)
            .select_for_update(of=("self",))
            .filter(pk__in=clean_ids, status=CheckInStatus.PENDING)
            .select_related("member__branch", "branch")
            .order_by("checked_in_on", "pk")
        )
        # Only into a branch the user keeps records of (a secretary: their own).
        writable = set(Branch.objects.visible_to(user).values_list("pk", flat=True))
        for check_in in rows:
            if check_in.branch_id not in writable:
                continue
            check_in.status = CheckInStatus.CONFIRMED
            check_in.confirmed_by = user
            check_in.confirmed_at = now
            check_in._history_user = user
            check_in.save()
            move_with_check_in(check_in)
            confirmed += 1
    return confirmed
