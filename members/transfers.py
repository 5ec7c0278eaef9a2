"""组织关系转接: transfers out (介绍信 and 回执), in, and within the county's committees.

《中国共产党党员教育管理工作条例》(2019) 第二十五条: a member who moves work or residence, or is
away 6 months or more at a fixed place, should have the relation transferred; 对组织关系转出但
尚未被接收的党员，原所在党组织仍然负有管理责任 (so a file 待接收 stays the committee's until the
receipt). The category of a file changes only here: 流动 → 直管 when the relation comes in,
直管 → 流动 when it goes home while the member keeps working in the branch.

Each write is one transaction and refuses bad input with a ValidationError keyed by the
form's fields; the member's steps go through members.lifecycle.change_status.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.home import HomeOrganisationIndex
from branches.models import Branch, Committee, HomeOrganisation
from lib.months import add_months
from members.lifecycle import change_status
from members.models import Category, Member, MemberStatus, Transfer, TransferKind, TransferStatus, Transition
from members.services import create_member


def _dates(errors, name, day, today, *, not_before=None, before_label=""):
    if day is None:
        errors[name] = _("Give the date.")
    elif day > today:
        errors[name] = _("This date is in the future.")
    elif not_before and day < not_before:
        errors[name] = _("%(date)s is before %(what)s (%(since)s): dates out of order.") % {
            "date": f"{day:%Y-%m-%d}",
            "what": before_label,
            "since": f"{not_before:%Y-%m-%d}",
        }


def _may_leave(member, errors):
    """Only a directly managed member on the roll is transferred by the committee: a mobile
    member's relation is held at home, and the committee has nothing to send."""
    if member.category != Category.DIRECT:
        errors["kind"] = _(
            "%(name)s is a mobile member: the relation is held at home (%(home)s), not by the committee, "
            "and is transferred from there."
        ) % {"name": member.name, "home": member.home_organisation_display or _("the home organisation")}
    elif member.status != MemberStatus.ACTIVE:
        errors["kind"] = _("%(name)s is %(status)s: only a member on the roll is transferred.") % {
            "name": member.name,
            "status": member.get_status_display(),
        }
    elif Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        errors["kind"] = _("%(name)s already has a transfer under way.") % {"name": member.name}


def _create(**fields):
    try:
        return Transfer.objects.create(**fields)
    except IntegrityError:
        raise ValidationError({"kind": _("This member already has a transfer under way.")}) from None


def start_transfer_out(
    member: Member,
    *,
    organisation: str,
    letter_number: str,
    issued_on: datetime.date,
    expected_version: int,
    reason: str = "",
    stays_as_mobile: bool = False,
    user=None,
    today=None,
) -> Transfer:
    """转出: the 介绍信 to an organisation outside the committee; the file is 待接收 until the
    回执 is back (``record_receipt``)."""
    today = today or timezone.localdate()
    errors = {}
    _may_leave(member, errors)
    if not organisation.strip():
        errors["organisation"] = _("Name the receiving organisation.")
    if not letter_number.strip():
        errors["letter_number"] = _("Give the number of the transfer letter (介绍信).")
    elif Transfer.objects.filter(
        letter_number=letter_number.strip(), member__branch__committee=member.branch.committee_id
    ).exists():
        errors["letter_number"] = _("Letter number %(number)s is already used in this committee.") % {
            "number": letter_number.strip()
        }
    _dates(errors, "issued_on", issued_on, today, not_before=member.status_since, before_label=_("the current status"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = _create(
            member=member,
            kind=TransferKind.OUT,
            from_branch=member.branch,
            organisation=organisation.strip(),
            # Addressed to a home organisation of the county's list (matched as the roster
            # import matches): it arrives on that village's pages for the 回执.
            to_home=HomeOrganisationIndex.load().match(organisation),
            letter_number=letter_number.strip(),
            issued_on=issued_on,
            reason=reason.strip(),
            stays_as_mobile=stays_as_mobile,
            created_by=_user(user),
        )
        change_status(
            member,
            Transition.TRANSFER_OUT,
            on=issued_on,
            expected_version=expected_version,
            decision=_("Transfer letter %(number)s") % {"number": transfer.letter_number},
            note=_("To %(organisation)s") % {"organisation": transfer.organisation},
            user=user,
            today=today,
        )
    return transfer


def _home(name: str) -> dict:
    """The organisation a relation went home to: the county's list entry of that name, or the
    text kept beside the file while it matches none."""
    home = HomeOrganisation.objects.filter(full_name=name.strip()).first()
    if home:
        return {"home_organisation": home, "home_organisation_text": ""}
    return {"home_organisation": None, "home_organisation_text": name.strip()[:100]}


def _user(user):
    return user if user is not None and user.is_authenticated else None


def _locked_pending(transfer, kind=None):
    locked = Transfer.objects.select_for_update().select_related("member__branch__committee").get(pk=transfer.pk)
    if locked.status != TransferStatus.PENDING:
        raise ValidationError(
            {
                "completed_on": _("This transfer is %(status)s, not awaiting a receipt.")
                % {"status": locked.get_status_display()}
            }
        )
    if kind and locked.kind != kind:
        raise ValidationError({"completed_on": _("This is not a transfer of that kind.")})
    return locked


def record_receipt(transfer: Transfer, *, received_on, receipt_note: str = "", user=None, today=None) -> Transfer:
    """回执: the receiving organisation confirms; the file becomes 转出 (closed, kept), or, for
    a relation sent home while the member stays at work here, a mobile member on the roll."""
    today = today or timezone.localdate()
    with transaction.atomic():
        transfer = _locked_pending(transfer, TransferKind.OUT)
        errors = {}
        _dates(errors, "completed_on", received_on, today, not_before=transfer.issued_on, before_label=_("the letter"))
        if errors:
            raise ValidationError(errors)
        member = Member.objects.select_for_update().select_related("branch__committee").get(pk=transfer.member_id)
        transfer.status = TransferStatus.DONE
        transfer.completed_on = received_on
        transfer.receipt_note = receipt_note.strip()
        transfer.completed_by = _user(user)
        transfer.save()
        note = _("Receipt from %(organisation)s") % {"organisation": transfer.organisation}
        if transfer.stays_as_mobile:
            change_status(
                member,
                Transition.RELATION_HOME,
                on=received_on,
                expected_version=member.version,
                decision=_("Transfer letter %(number)s") % {"number": transfer.letter_number},
                note=note,
                user=user,
                today=today,
                changes={"category": Category.MOBILE, **_home(transfer.organisation)},
            )
        else:
            change_status(
                member,
                Transition.TRANSFER_RECEIVED,
                on=received_on,
                expected_version=member.version,
                decision=_("Transfer letter %(number)s") % {"number": transfer.letter_number},
                note=note,
                user=user,
                today=today,
            )
    return transfer


def cancel_transfer(transfer: Transfer, *, cancelled_on, reason: str, user=None, today=None) -> Transfer:
    """The letter is withdrawn (the receiving side refused, the member stays): back on the roll."""
    today = today or timezone.localdate()
    with transaction.atomic():
        transfer = _locked_pending(transfer)
        errors = {}
        _dates(errors, "completed_on", cancelled_on, today, not_before=transfer.issued_on, before_label=_("the letter"))
        if not reason.strip():
            errors["receipt_note"] = _("Give the reason for cancelling the transfer.")
        if errors:
            raise ValidationError(errors)
        transfer.status = TransferStatus.CANCELLED
        transfer.completed_on = cancelled_on
        transfer.receipt_note = reason.strip()
        transfer.completed_by = _user(user)
        transfer.save()
        if transfer.kind == TransferKind.OUT:
            member = Member.objects.select_for_update().get(pk=transfer.member_id)
            change_status(
                member,
                Transition.TRANSFER_CANCELLED,
                on=cancelled_on,
                expected_version=member.version,
                note=reason.strip(),
                user=user,
                today=today,
            )
    return transfer


def start_transfer_within(
    member: Member,
    *,
    to_committee: Committee,
    to_branch: Branch | None,
    letter_number: str,
    issued_on,
    reason: str = "",
    user=None,
    today=None,
) -> Transfer:
    """A move between branches of a committee or between the county's committees
    (Guangdong → Zhejiang): the receiving side confirms (``confirm_transfer``); the member
    stays on the roll of the sending branch meanwhile."""
    today = today or timezone.localdate()
    errors = {}
    _may_leave(member, errors)
    if to_branch is not None and to_branch.committee_id != to_committee.pk:
        errors["to_branch"] = _("%(branch)s is not a branch of %(committee)s.") % {
            "branch": to_branch,
            "committee": to_committee,
        }
    elif to_branch is not None and to_branch.pk == member.branch_id:
        errors["to_branch"] = _("The member is already in %(branch)s.") % {"branch": to_branch.name}
    elif to_branch is not None and to_branch.dissolved_on:
        errors["to_branch"] = _("%(branch)s has been dissolved.") % {"branch": to_branch.name}
    elif to_branch is None and to_committee.pk == member.branch.committee_id:
        errors["to_branch"] = _("Choose the branch of the committee the member moves to.")
    _dates(errors, "issued_on", issued_on, today, not_before=member.status_since, before_label=_("the current status"))
    if errors:
        raise ValidationError(errors)
    return _create(
        member=member,
        kind=TransferKind.WITHIN,
        from_branch=member.branch,
        to_branch=to_branch,
        to_committee=to_committee,
        letter_number=letter_number.strip(),
        issued_on=issued_on,
        reason=reason.strip(),
        created_by=_user(user),
    )


def may_confirm(transfer: Transfer, user) -> bool:
    """The receiving side: whoever keeps the receiving branch (or, with no branch named yet,
    the receiving committee's staff and the county)."""
    if transfer.kind != TransferKind.WITHIN or transfer.status != TransferStatus.PENDING:
        return False
    if transfer.to_branch_id:
        return Branch.objects.visible_to(user).filter(pk=transfer.to_branch_id).exists()
    from branches.permissions import can_write_committee_wide

    return (
        can_write_committee_wide(user)
        and Committee.objects.visible_to(user).filter(pk=transfer.to_committee_id).exists()
    )


def confirm_transfer(
    transfer: Transfer, *, confirmed_on, branch: Branch | None = None, user=None, today=None
) -> Transfer:
    """The receiving side confirms: the file moves to the receiving branch (its 报到 grace
    starts again), and the history says from where and on which letter."""
    today = today or timezone.localdate()
    with transaction.atomic():
        transfer = _locked_pending(transfer, TransferKind.WITHIN)
        target = transfer.to_branch or branch
        errors = {}
        if target is None:
            errors["branch"] = _("Choose the receiving branch.")
        elif target.committee_id != transfer.to_committee_id:
            errors["branch"] = _("%(branch)s is not a branch of %(committee)s.") % {
                "branch": target,
                "committee": transfer.to_committee,
            }
        _dates(errors, "completed_on", confirmed_on, today, not_before=transfer.issued_on, before_label=_("the letter"))
        if errors:
            raise ValidationError(errors)
        member = Member.objects.select_for_update().select_related("branch__committee").get(pk=transfer.member_id)
        old_branch = member.branch
        transfer.status = TransferStatus.DONE
        transfer.to_branch = target
        transfer.completed_on = confirmed_on
        transfer.completed_by = _user(user)
        transfer.save()
        change_status(
            member,
            Transition.MOVED,
            on=confirmed_on,
            expected_version=member.version,
            decision=transfer.letter_number,
            note=_("%(old)s → %(new)s")
            % {"old": f"{old_branch.committee} {old_branch}", "new": f"{target.committee} {target}"},
            user=user,
            today=today,
            changes={"branch": target, "branch_since": confirmed_on},
        )
    return transfer


def _letter_problems(errors, organisation, letter_number, issued_on, received_on, today):
    if not organisation.strip():
        errors["organisation"] = errors.get("organisation") or _("Name the sending organisation.")
    if not letter_number.strip():
        errors["letter_number"] = _("Give the number of the transfer letter (介绍信).")
    _dates(errors, "issued_on", issued_on, today)
    if "issued_on" not in errors:
        _dates(errors, "completed_on", received_on, today, not_before=issued_on, before_label=_("the letter"))
    if errors:
        raise ValidationError(errors)


def _receive(member, *, organisation, letter_number, issued_on, received_on, expected_version, user, today):
    transfer = _create(
        member=member,
        kind=TransferKind.IN,
        status=TransferStatus.DONE,
        to_branch=member.branch,
        to_committee=member.branch.committee,
        organisation=organisation.strip(),
        letter_number=letter_number.strip(),
        issued_on=issued_on,
        completed_on=received_on,
        created_by=_user(user),
        completed_by=_user(user),
    )
    change_status(
        member,
        Transition.TRANSFER_IN,
        on=received_on,
        expected_version=expected_version,
        decision=_("Transfer letter %(number)s") % {"number": transfer.letter_number},
        note=_("From %(organisation)s") % {"organisation": transfer.organisation},
        user=user,
        today=today,
        changes={"category": Category.DIRECT},
    )
    return transfer


def receive_transfer_in(
    member: Member,
    *,
    organisation: str,
    letter_number: str,
    issued_on,
    received_on,
    expected_version: int,
    user=None,
    today=None,
) -> Transfer:
    """转入: the relation comes to the committee from elsewhere. A mobile member's file
    becomes directly managed (流动 → 直管); a file 转出 or 回乡 is reopened on the roll."""
    today = today or timezone.localdate()
    errors = {}
    if member.status not in {MemberStatus.ACTIVE, MemberStatus.TRANSFERRED, MemberStatus.RETURNED}:
        errors["organisation"] = _("%(name)s is %(status)s: a transfer in is not possible from this status.") % {
            "name": member.name,
            "status": member.get_status_display(),
        }
    elif member.status == MemberStatus.ACTIVE and member.category == Category.DIRECT:
        errors["organisation"] = _("The committee already holds the relation of %(name)s.") % {"name": member.name}
    _letter_problems(errors, organisation, letter_number, issued_on, received_on, today)
    with transaction.atomic():
        return _receive(
            member,
            organisation=organisation,
            letter_number=letter_number,
            issued_on=issued_on,
            received_on=received_on,
            expected_version=expected_version,
            user=user,
            today=today,
        )


def receive_new_member(
    member: Member, *, organisation: str, letter_number: str, issued_on, received_on, user=None, today=None
) -> Transfer:
    """转入 of someone without a file here: the file is created from the letter, directly
    managed and on the roll, with the 转入 as the first step of its history; all or nothing."""
    today = today or timezone.localdate()
    # The step's own dates (not before joining the party …) are change_status's to check.
    _letter_problems({}, organisation, letter_number, issued_on, received_on, today)
    member.category = Category.DIRECT
    member.status = MemberStatus.ACTIVE
    with transaction.atomic():
        create_member(member, user=user)
        return _receive(
            member,
            organisation=organisation,
            letter_number=letter_number,
            issued_on=issued_on,
            received_on=received_on,
            expected_version=member.version,
            user=user,
            today=today,
        )


def overdue_condition(today=None) -> Q:
    """Transfers out whose 回执 is not back more than the committee's ``receipt_overdue_months``
    after the letter (3 by default: a 介绍信 is valid three months as a rule)."""
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for months in Committee.objects.values_list("receipt_overdue_months", flat=True).distinct():
        condition |= Q(
            member__branch__committee__receipt_overdue_months=months, issued_on__lt=add_months(today, -months)
        )
    return Q(kind=TransferKind.OUT, status=TransferStatus.PENDING) & condition
