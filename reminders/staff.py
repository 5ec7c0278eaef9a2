"""What staff are reminded of: once a day, the to-do list of their dashboard (dashboard.todo)
as one digest, in the app and by their channels (e-mail, SMS) unless they opted out.

Branch secretaries and committee staff get the branch side of the list, village secretaries
the home side (reports to acknowledge, referrals). Nothing due, no digest."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.roles import Role
from dashboard.todo import BRANCH_SIDE, HOME_SIDE, todo_for
from notifications.services import Message
from reminders.kinds import Kind

SIDES = {Role.BRANCH_SECRETARY: BRANCH_SIDE, Role.COMMITTEE_STAFF: BRANCH_SIDE, Role.HOME_SECRETARY: HOME_SIDE}


def staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_scope__role__in=list(SIDES))
        .select_related("staff_scope")
        .order_by("pk")
    )


def digests(today) -> tuple[list[Message], dict]:
    """The day's digests, and per to-do item the number of staff it is listed for."""
    messages, listed = [], {}
    for user in staff():
        side = SIDES[user.staff_scope.role]
        rows = [row for row in todo_for(user, side, today=today) if row.count]
        if not rows:
            continue
        for row in rows:
            listed[row.item.key] = listed.get(row.item.key, 0) + 1
        body = "；".join(f"{row.item.label} {row.count}" for row in rows)
        messages.append(
            Message(
                kind=Kind.TODO,
                title=_("To do on %(day)s") % {"day": f"{today:%Y-%m-%d}"},
                body=body,
                recipient=user.get_full_name() or user.username,
                user=user,
                url=reverse("village:home" if side == HOME_SIDE else "dashboard:index"),
                key=f"{Kind.TODO}:user:{user.pk}:{today:%Y-%m-%d}",
            )
        )
    return messages, listed
