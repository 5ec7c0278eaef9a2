"""双报一领 writes: check-ins (报到), reports (报告) and task claims (领任务).

Views, the admin, commands and the seed call these functions. Each write is one
transaction and refuses bad input with a ValidationError keyed by the form field
it concerns (``__all__`` for the task itself), so nothing is half-written.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateField, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from members.models import Category, Member, MemberStatus
from shuangbao.models import OPEN_CLAIM, CheckIn, CheckInStatus, ClaimStatus, Report, Task, TaskClaim, TaskStatus
from shuangbao.periods import Period

# A member without a departure date counts every check-in as "since leaving home".
_EARLIEST = Value(datetime.date(1900, 1, 1), output_field=DateField())


# --- writes -----------------------------------------------------------------------


def _future(day, today):
    return day is not None and day > today


FUTURE_DATE = _("This date is in the future.")


def record_check_in(
    member, *, branch, checked_in_on, way, address="", employer="", certificate_shown=False, user=None, today=None
) -> CheckIn:
    """报到: record that ``member`` checked in to ``branch``.

    The newest check-in into another branch of the member's committee moves the
    member there; the member file's history keeps the move.
    """
    today = today or timezone.localdate()
    errors = {}
    if member.status != MemberStatus.ACTIVE:
        # 双报 is for mobile members on the roll: a file pending transfer, lost, suspended,
        # closed or back home takes no check-in.
        errors["member"] = _("%(name)s is %(status)s: only mobile members on the roll check in.") % {
            "name": member,
            "status": member.get_status_display(),
        }
    elif member.category != Category.MOBILE:
        errors["member"] = _(
            "%(name)s is a directly managed member: the committee holds the relation, and a move to another "
            "branch is a transfer, not a check-in."
        ) % {"name": member}
    if _future(checked_in_on, today):
        errors["checked_in_on"] = FUTURE_DATE
    if user is not None and not Branch.objects.visible_to(user).filter(pk=branch.pk).exists():
        errors["branch"] = _("%(branch)s is outside your scope: record check-ins into your own branch only.") % {
            "branch": branch
        }
    elif branch.committee_id != member.branch.committee_id:
        errors["branch"] = _(
            "%(branch)s belongs to another committee: a check-in moves a member only within the committee."
        ) % {"branch": branch}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            member=member,
            branch=branch,
            checked_in_on=checked_in_on,
            way=way,
            address=address,
            employer=employer,
            certificate_shown=certificate_shown,
            recorded_by=user,
        )
        move_with_check_in(check_in)
    return check_in


def move_with_check_in(check_in):
    """The newest (confirmed) check-in into another branch of the committee moves the member
    there; the member file's history keeps the move. Inside the caller's transaction."""
    member, branch = check_in.member, check_in.branch
    newer = CheckIn.objects.filter(member=member, checked_in_on__gt=check_in.checked_in_on).exclude(
        status=CheckInStatus.PENDING
    )
    if not newer.exists() and branch.pk != member.branch_id:
        locked = Member.objects.select_for_update().get(pk=member.pk)
        locked.branch = branch
        locked.version += 1
        locked._change_reason = str(_("Checked in at %(branch)s") % {"branch": branch})
        locked.save()
        member.branch, member.version = branch, locked.version


def record_report(
    member,
    *,
    period_start,
    submitted_on,
    channel,
    summary,
    acknowledged_by="",
    acknowledged_on=None,
    user=None,
    today=None,
) -> Report:
    """报告: record a mobile member's report to the home organisation for one period."""
    today = today or timezone.localdate()
    period = Period.containing(period_start, member.branch.committee.report_cycle)
    errors = {}
    if member.category != Category.MOBILE:
        errors["member"] = _("%(name)s is a directly managed member and does not report to a home organisation.") % {
            "name": member
        }
    if period.start != period_start:
        errors["period_start"] = _("%(day)s is not the first day of a reporting period.") % {"day": period_start}
    elif period.start > today:
        errors["period_start"] = _("The period %(period)s has not started yet.") % {"period": period}
    elif Report.objects.filter(member=member, period_start=period.start).exists():
        errors["period_start"] = _("%(name)s has already reported for %(period)s.") % {"name": member, "period": period}
    if _future(submitted_on, today):
        errors["submitted_on"] = FUTURE_DATE
    elif submitted_on < period.start and "period_start" not in errors:
        errors["submitted_on"] = _("A report for %(period)s cannot be submitted before the period begins.") % {
            "period": period
        }
    if _future(acknowledged_on, today):
        errors["acknowledged_on"] = FUTURE_DATE
    elif acknowledged_on and acknowledged_on < submitted_on:
        errors["acknowledged_on"] = _("A report cannot be acknowledged before it was submitted.")
    if acknowledged_on and not acknowledged_by.strip():
        errors["acknowledged_by"] = _("Name who acknowledged the report for the home organisation.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Report.objects.create(
                member=member,
                period_start=period.start,
                submitted_on=submitted_on,
                channel=channel,
                summary=summary,
                acknowledged_by=acknowledged_by.strip(),
                acknowledged_on=acknowledged_on,
                recorded_by=user,
            )
    except IntegrityError:
        # Recorded by someone else a moment ago (the unique constraint caught it).
        raise ValidationError(
            {"period_start": _("%(name)s has already reported for %(period)s.") % {"name": member, "period": period}}
        ) from None


def remaining_places(task) -> int:
    return task.capacity - task.claims.exclude(status=ClaimStatus.DROPPED).count()


def claim_task(task, member, *, claimed_on=None, user=None, today=None) -> TaskClaim:
    """领任务: ``member`` claims ``task``, within its capacity.

    The task row is locked for the length of the transaction, so two claims
    racing for the last place are served one after the other: the second sees
    the first and is refused. Dropped claims give their place back.
    """
    today = today or timezone.localdate()
    claimed_on = claimed_on or today
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        errors = {}
        if _future(claimed_on, today):
            errors["claimed_on"] = FUTURE_DATE
        if task.status != TaskStatus.OPEN:
            errors[NON_FIELD_ERRORS] = _("“%(task)s” is %(status)s and takes no more claims.") % {
                "task": task,
                "status": task.get_status_display(),
            }
        elif today > task.due_on:
            errors[NON_FIELD_ERRORS] = _("“%(task)s” was due on %(day)s and takes no more claims.") % {
                "task": task,
                "day": f"{task.due_on:%Y-%m-%d}",
            }
        elif today < task.opens_on:
            errors[NON_FIELD_ERRORS] = _("“%(task)s” opens for claims on %(day)s.") % {
                "task": task,
                "day": f"{task.opens_on:%Y-%m-%d}",
            }
        if task.branch_id and member.branch_id != task.branch_id:
            errors["member"] = _("%(name)s is not a member of %(branch)s, which published this task.") % {
                "name": member,
                "branch": task.branch,
            }
        elif member.branch.committee_id != task.committee_id:
            errors["member"] = _("%(name)s belongs to another committee.") % {"name": member}
        elif member.status != MemberStatus.ACTIVE:
            errors["member"] = _("Only members on the roll can claim tasks; %(name)s is %(status)s.") % {
                "name": member,
                "status": member.get_status_display(),
            }
        elif TaskClaim.objects.filter(task=task, member=member).exists():
            errors["member"] = _("This member has already claimed this task.")
        if NON_FIELD_ERRORS not in errors:
            taken = TaskClaim.objects.filter(task=task).exclude(status=ClaimStatus.DROPPED).count()
            if taken >= task.capacity:
                errors[NON_FIELD_ERRORS] = _("All %(capacity)s places of “%(task)s” are taken.") % {
                    "capacity": task.capacity,
                    "task": task,
                }
        if errors:
            raise ValidationError(errors)
        return TaskClaim.objects.create(task=task, member=member, claimed_on=claimed_on)


def _locked_open_claim(claim, field_name):
    locked = TaskClaim.objects.select_for_update().select_related("task", "member").get(pk=claim.pk)
    if locked.status not in OPEN_CLAIM:
        raise ValidationError(
            {field_name: _("This claim is already %(status)s.") % {"status": locked.get_status_display()}}
        )
    return locked


def record_progress(claim, note, *, today=None) -> TaskClaim:
    """A dated progress note; a claimed task is then in progress."""
    today = today or timezone.localdate()
    if not note.strip():
        raise ValidationError({"note": _("Write what has been done.")})
    with transaction.atomic():
        claim = _locked_open_claim(claim, "note")
        line = f"{today:%Y-%m-%d} {note.strip()}"
        claim.progress_notes = f"{claim.progress_notes}\n{line}".strip()
        claim.status = ClaimStatus.IN_PROGRESS
        claim.save()
    return claim


def complete_claim(claim, *, result, completed_on, today=None) -> TaskClaim:
    today = today or timezone.localdate()
    errors = {}
    if not result.strip():
        errors["result"] = _("Describe the result of the task.")
    if _future(completed_on, today):
        errors["completed_on"] = FUTURE_DATE
    elif completed_on < claim.claimed_on:
        errors["completed_on"] = _("A task cannot be completed before it was claimed (%(day)s).") % {
            "day": f"{claim.claimed_on:%Y-%m-%d}"
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = _locked_open_claim(claim, "result")
        claim.status = ClaimStatus.DONE
        claim.result = result.strip()
        claim.completed_on = completed_on
        claim.save()
    return claim


def evaluate_claim(claim, evaluation) -> TaskClaim:
    """The branch's evaluation (优秀 / 良好 / 一般) of a completed claim."""
    with transaction.atomic():
        claim = TaskClaim.objects.select_for_update().select_related("task", "member").get(pk=claim.pk)
        if claim.status != ClaimStatus.DONE:
            raise ValidationError({"evaluation": _("Only a completed task can be evaluated.")})
        claim.evaluation = evaluation
        claim.save()
    return claim


def drop_claim(claim, reason) -> TaskClaim:
    """The member gives the task up; the place is free again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for dropping the task.")})
    with transaction.atomic():
        claim = _locked_open_claim(claim, "reason")
        claim.status = ClaimStatus.DROPPED
        claim.dropped_reason = reason.strip()
        claim.save()
    return claim
