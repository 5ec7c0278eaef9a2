"""A member's life in the party file: which status may follow which, and the one function
that changes it (``change_status``), recording each step as a StatusChange.

The rules (docs/members.md cites them):

- 《中国共产党党员教育管理工作条例》(2019) 第二十四条: a member out of contact with the party
  for 6 months or more, and not found by every means of search, has the membership
  suspended (停止党籍) by the branch or a higher organisation; after 2 years of suspension
  still not reachable, the member is removed (按照自行脱党予以除名). A suspended membership
  may be restored (恢复党籍) by the proper procedure; a removal or expulsion is final (the
  person may join again, as a new file).
- 《中国共产党章程》第九条: 退党, 劝退 and 自行脱党 end in 除名 by the branch's general
  meeting, reported to or approved by the next higher organisation.
- Transfers (转出 → 待接收 → 转出 on receipt, 转入, moves within the committee) go through
  members.transfers, which calls ``change_status`` with the transfer's own transitions.

This module imports members.services (version-checked saves), never the other way round.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.months import add_months
from members.certificates import withdraw_certificates
from members.models import Category, ContactAttempt, Member, MemberStatus, StatusChange, Transition
from members.services import save_member_with_version_check

# 第二十四条: 失去联系6个月以上 … 予以停止党籍; 停止党籍2年后 … 予以除名.
LOST_MONTHS_BEFORE_SUSPENSION = 6
SUSPENDED_MONTHS_BEFORE_REMOVAL = 24

S = MemberStatus


@dataclass(frozen=True)
class Rule:
    sources: frozenset
    target: str
    decision: bool = False  # a decision (meeting or document) must be named
    approval: bool = False  # and the organisation that approved it
    mobile_only: bool = False
    # Transfers are started and finished on their own pages (members.transfers).
    transfer: bool = False
    hint: str = ""


RULES = {
    Transition.LOST: Rule(frozenset({S.ACTIVE}), S.LOST_CONTACT, hint=gettext_lazy("The day contact was lost.")),
    Transition.FOUND: Rule(frozenset({S.LOST_CONTACT}), S.ACTIVE),
    Transition.SUSPENDED: Rule(
        frozenset({S.LOST_CONTACT}),
        S.SUSPENDED,
        decision=True,
        hint=gettext_lazy("After 6 months of lost contact and a recorded search (条例 第二十四条)."),
    ),
    Transition.RESTORED: Rule(frozenset({S.SUSPENDED}), S.ACTIVE, decision=True),
    Transition.REMOVED: Rule(
        frozenset({S.ACTIVE, S.SUSPENDED}),
        S.REMOVED,
        decision=True,
        approval=True,
        hint=gettext_lazy("退党, 劝退 or 自行脱党 (党章 第九条), or 2 years suspended and still lost."),
    ),
    Transition.EXPELLED: Rule(
        frozenset({S.ACTIVE, S.LOST_CONTACT, S.SUSPENDED}), S.EXPELLED, decision=True, approval=True
    ),
    Transition.DIED: Rule(frozenset({S.ACTIVE, S.LOST_CONTACT, S.SUSPENDED, S.RETURNED}), S.DECEASED),
    Transition.RETURNED_HOME: Rule(
        frozenset({S.ACTIVE}),
        S.RETURNED,
        mobile_only=True,
        hint=gettext_lazy("A mobile member back home for good; the relation stays at home."),
    ),
    Transition.BACK: Rule(frozenset({S.RETURNED}), S.ACTIVE, mobile_only=True),
    # members.transfers
    Transition.TRANSFER_OUT: Rule(frozenset({S.ACTIVE}), S.PENDING_TRANSFER, transfer=True),
    Transition.TRANSFER_RECEIVED: Rule(frozenset({S.PENDING_TRANSFER}), S.TRANSFERRED, transfer=True),
    Transition.TRANSFER_CANCELLED: Rule(frozenset({S.PENDING_TRANSFER}), S.ACTIVE, transfer=True),
    Transition.RELATION_HOME: Rule(frozenset({S.PENDING_TRANSFER}), S.ACTIVE, transfer=True),
    Transition.TRANSFER_IN: Rule(frozenset({S.ACTIVE, S.TRANSFERRED, S.RETURNED}), S.ACTIVE, transfer=True),
    Transition.MOVED: Rule(frozenset({S.ACTIVE}), S.ACTIVE, transfer=True),
}


def batch_statuses() -> list[tuple[str, str]]:
    """The statuses a batch change may set: those a step reaches without a transfer's pages
    or an approving organisation (除名 and 出党 are decided one member at a time)."""
    reachable = {rule.target for rule in RULES.values() if not rule.transfer and not rule.approval}
    return [(status.value, status.label) for status in MemberStatus if status in reachable]


def suspension_due_on(lost_on: datetime.date) -> datetime.date:
    """The first day a member lost since ``lost_on`` may be suspended (6 months later)."""
    return add_months(lost_on, LOST_MONTHS_BEFORE_SUSPENSION)


def removal_due_on(suspended_on: datetime.date) -> datetime.date:
    """The first day a member suspended since ``suspended_on`` may be removed (2 years later)."""
    return add_months(suspended_on, SUSPENDED_MONTHS_BEFORE_REMOVAL)


def allowed_transitions(member: Member) -> list[str]:
    """The changes the status page offers for this file (transfers have their own pages)."""
    return [
        transition
        for transition, rule in RULES.items()
        if not rule.transfer
        and member.status in rule.sources
        and not (rule.mobile_only and member.category != Category.MOBILE)
    ]


def _problems(member, transition, rule, on, decision, approved_by, today) -> dict:
    errors = {}
    status = MemberStatus(member.status)
    if member.status not in rule.sources:
        errors["transition"] = _("%(name)s is %(status)s: “%(change)s” is not allowed from this status.") % {
            "name": member.name,
            "status": status.label,
            "change": Transition(transition).label,
        }
        return errors
    if rule.mobile_only and member.category != Category.MOBILE:
        errors["transition"] = _(
            "%(name)s is a directly managed member: the relation goes home through a transfer out, not “%(change)s”."
        ) % {"name": member.name, "change": Transition(transition).label}
        return errors
    if on is None:
        errors["changed_on"] = _("Give the date of the change.")
        return errors
    if on > today:
        errors["changed_on"] = _("This date is in the future.")
    elif member.status_since and on < member.status_since:
        errors["changed_on"] = _("%(date)s is before %(name)s became %(status)s (%(since)s): dates out of order.") % {
            "date": f"{on:%Y-%m-%d}",
            "name": member.name,
            "status": status.label,
            "since": f"{member.status_since:%Y-%m-%d}",
        }
    elif member.joined_party_on and on < member.joined_party_on:
        errors["changed_on"] = _("%(date)s is before %(name)s joined the party.") % {
            "date": f"{on:%Y-%m-%d}",
            "name": member.name,
        }
    if rule.decision and not decision.strip():
        errors["decision"] = _("Name the meeting or document that decided “%(change)s”.") % {
            "change": Transition(transition).label
        }
    if rule.approval and not approved_by.strip():
        errors["approved_by"] = _("Name the organisation that approved “%(change)s”.") % {
            "change": Transition(transition).label
        }
    if "changed_on" in errors:
        return errors
    since = member.status_since
    if transition == Transition.SUSPENDED:
        due = suspension_due_on(since) if since else None
        if due is None or on < due:
            errors["changed_on"] = _(
                "Contact with %(name)s was lost on %(lost)s: a suspension is possible from %(due)s "
                "(6 months of lost contact, 条例 第二十四条)."
            ) % {
                "name": member.name,
                "lost": f"{since:%Y-%m-%d}" if since else "—",
                "due": f"{due:%Y-%m-%d}" if due else "—",
            }
        elif not ContactAttempt.objects.filter(member=member, tried_on__gte=since).exists():
            errors["transition"] = _(
                "No search for %(name)s is recorded since contact was lost: record the search first (条例 第二十四条)."
            ) % {"name": member.name}
    if transition == Transition.REMOVED and member.status == MemberStatus.SUSPENDED:
        due = removal_due_on(since) if since else None
        if due is None or on < due:
            errors["changed_on"] = _(
                "%(name)s was suspended on %(since)s: removal for lost contact is possible from %(due)s "
                "(2 years of suspension, 条例 第二十四条)."
            ) % {
                "name": member.name,
                "since": f"{since:%Y-%m-%d}" if since else "—",
                "due": f"{due:%Y-%m-%d}" if due else "—",
            }
    return errors


def change_status(
    member: Member,
    transition: str,
    *,
    on: datetime.date,
    expected_version: int,
    decision: str = "",
    approved_by: str = "",
    note: str = "",
    user=None,
    today=None,
    changes=None,
) -> StatusChange:
    """Apply one step of the member's life, if the rules allow it from the current status.

    Refuses with a ValidationError keyed by the form's fields (``transition``, ``changed_on``,
    ``decision``, ``approved_by``); writes the file (version-checked, in its history) and the
    StatusChange in one transaction. ``changes`` are further fields of the file that the
    step sets (a transfer's branch or category).
    """
    today = today or timezone.localdate()
    rule = RULES[Transition(transition)]
    errors = _problems(member, transition, rule, on, decision or "", approved_by or "", today)
    if errors:
        raise ValidationError(errors)
    old = member.status
    with transaction.atomic():
        member.status = rule.target
        if rule.target != old:
            member.status_since = on
        for name, value in (changes or {}).items():
            setattr(member, name, value)
        label = Transition(transition).label
        reason = _("%(change)s on %(date)s") % {"change": label, "date": f"{on:%Y-%m-%d}"}
        detail = "；".join(part for part in (decision.strip(), approved_by.strip(), note.strip()) if part)
        if detail:
            reason = f"{reason}: {detail}"
        save_member_with_version_check(member, expected_version, user=user, reason=reason[:100])
        if rule.target not in {S.ACTIVE, S.LOST_CONTACT} or member.category != Category.MOBILE:
            # Back home, the relation moved, or no longer a mobile member: the certificate is handed back.
            withdraw_certificates(member, on=on, reason=label)
        return StatusChange.objects.create(
            member=member,
            transition=transition,
            from_status=old,
            to_status=rule.target,
            changed_on=on,
            decision=decision.strip(),
            approved_by=approved_by.strip(),
            note=note.strip(),
            recorded_by=user if user is not None and user.is_authenticated else None,
        )


def move_to_branch(member: Member, branch, *, on, reason: str, expected_version: int, user=None, today=None):
    """Move the file to another branch of its committee (组织关系转接 within the committee);
    the member stays on the roll and is awaited at the new branch (待报到)."""
    if branch.pk == member.branch_id:
        raise ValidationError({"branch": _("The member is already in %(branch)s.") % {"branch": branch.name}})
    if branch.committee_id != member.branch.committee_id:
        raise ValidationError({"branch": _("%(branch)s belongs to another committee.") % {"branch": branch.name}})
    note = _("%(old)s → %(new)s: %(reason)s") % {"old": member.branch.name, "new": branch.name, "reason": reason}
    return change_status(
        member,
        Transition.MOVED,
        on=on,
        expected_version=expected_version,
        note=note,
        user=user,
        today=today,
        changes={"branch": branch, "branch_since": on},
    )


def change_status_to(member: Member, status: str, *, on, reason: str, expected_version: int, user=None, today=None):
    """批量变更状态: the step the rules allow from the member's status to ``status``, the batch's
    reason as its note (and its decision, where the step needs one); refused otherwise."""
    for transition in allowed_transitions(member):
        rule = RULES[transition]
        if rule.target == status and not rule.approval:
            return change_status(
                member,
                transition,
                on=on,
                decision=reason if rule.decision else "",
                note=reason,
                expected_version=expected_version,
                user=user,
                today=today,
            )
    raise ValidationError(
        {
            "transition": _("%(name)s is %(status)s: a change to %(target)s is not allowed.")
            % {"name": member.name, "status": member.get_status_display(), "target": MemberStatus(status).label}
        }
    )
