"""民主评议 writes: grading a branch's members at a meeting, and the 组织处置 steps.

Each write is one transaction and refuses bad input with a ValidationError in Chinese that
names the member, the field and why; nothing is half-written.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisals.models import Appraisal, Disposal, DisposalKind, Grade
from appraisals.rules import (
    AFTER_THE_DEADLINE,
    DECIDED_AND_APPROVED,
    DECIDING_MEETINGS,
    NEXT_STEPS,
    excellent_limit,
    is_probationary,
)
from branches.models import Branch
from members.lifecycle import change_status
from members.models import Member, Transition


def check_meeting(branch: Branch, year: int, meeting) -> list[str]:
    problems = []
    if meeting.branch_id != branch.pk:
        problems.append(_("The meeting %(meeting)s is not this branch's.") % {"meeting": meeting})
    if meeting.held_on.year != year:
        problems.append(
            _("The meeting was held on %(day)s, not in %(year)s.")
            % {"day": f"{meeting.held_on:%Y-%m-%d}", "year": year}
        )
    if meeting.held_on > timezone.localdate():
        problems.append(_("The meeting has not been held yet."))
    if meeting.kind not in DECIDING_MEETINGS:
        problems.append(
            _("A grade is decided at a general meeting, a committee meeting, a life meeting or the appraisal meeting.")
        )
    return problems


def grade_members(branch: Branch, year: int, meeting, grades: dict, *, user=None, notes=None) -> list[Appraisal]:
    """Record the grades decided at ``meeting`` (``grades``: member pk → Grade).

    中国共产党党员教育管理工作条例: the branch grades its full members; 预备党员 are not graded;
    优秀 at most one third of those graded this year in the branch (those graded before in
    the year count too). A mobile member's result goes to their home organisation.
    """
    notes = notes or {}
    grades = {int(pk): grade for pk, grade in grades.items() if grade}
    if not grades:
        raise ValidationError(_("Grade at least one member."))
    problems = check_meeting(branch, year, meeting)
    with transaction.atomic():
        # The branch's row, locked: two secretaries grading at once count one after the other.
        Branch.objects.select_for_update().get(pk=branch.pk)
        members = Member.objects.filter(pk__in=grades, branch=branch).select_related("home_organisation")
        members = {member.pk: member for member in members}
        for pk in grades:
            if pk not in members:
                problems.append(_("Member %(pk)s is not on this branch's roll.") % {"pk": pk})
        for pk, grade in grades.items():
            member = members.get(pk)
            if member is None:
                continue
            if grade not in Grade.values:
                problems.append(_("%(name)s: “%(grade)s” is not a grade.") % {"name": member.name, "grade": grade})
            if is_probationary(member, meeting.held_on):
                problems.append(
                    _("%(name)s is a probationary member: they take part in the appraisal but are not graded.")
                    % {"name": member.name}
                )
        already = Appraisal.objects.filter(year=year, member_id__in=grades).select_related("member")
        problems += [
            _("%(name)s has already been graded for %(year)s (%(grade)s).")
            % {"name": appraisal.member.name, "year": year, "grade": appraisal.get_grade_display()}
            for appraisal in already
        ]
        before = Appraisal.objects.filter(branch=branch, year=year)
        graded = before.count() + len(grades)
        excellent = before.filter(grade=Grade.EXCELLENT).count() + sum(
            1 for grade in grades.values() if grade == Grade.EXCELLENT
        )
        if excellent > excellent_limit(graded):
            problems.append(
                _(
                    "%(excellent)s members graded excellent: more than one third of the %(graded)s graded in "
                    "%(year)s (at most %(limit)s)."
                )
                % {"excellent": excellent, "graded": graded, "year": year, "limit": excellent_limit(graded)}
            )
        if problems:
            raise ValidationError(problems)
        created = []
        for pk, grade in grades.items():
            member = members[pk]
            appraisal = Appraisal(
                member=member,
                year=year,
                branch=branch,
                meeting=meeting,
                grade=grade,
                home_organisation=member.home_organisation,
                note=(notes.get(pk) or "")[:200],
                graded_by=user,
            )
            appraisal._history_user = user
            appraisal.save()
            created.append(appraisal)
    return created


def allowed_steps(appraisal: Appraisal) -> tuple[str, ...]:
    if appraisal.grade != Grade.UNQUALIFIED:
        return ()
    last = appraisal.disposals.order_by("-decided_on", "-pk").first()
    return NEXT_STEPS[last.kind if last else None]


# The fields of members.lifecycle's errors, as the disposal form names them.
LIFECYCLE_FIELDS = {"changed_on": "decided_on", "transition": "kind"}


def record_disposal(
    appraisal: Appraisal,
    kind: str,
    decided_on,
    *,
    user=None,
    deadline=None,
    note="",
    decision="",
    approved_by="",
) -> Disposal:
    """One step of 组织处置 (党章 第九条) on a member graded 不合格.

    劝其退党 and 除名 are decided by the branch's general meeting and approved by the next
    higher organisation (``decision``, ``approved_by``, both required). 除名 ends the
    membership through the lifecycle's rules (members.lifecycle.change_status, 除名): the
    member's status and its history change with the step, or neither does."""
    today = timezone.localdate()
    with transaction.atomic():
        appraisal = Appraisal.objects.select_for_update().select_related("member").get(pk=appraisal.pk)
        if appraisal.grade != Grade.UNQUALIFIED:
            raise ValidationError(_("Only a member graded unqualified is disposed of."))
        steps = allowed_steps(appraisal)
        if kind not in steps:
            raise ValidationError(
                {
                    "kind": _("Not now: the next step can be %(steps)s.")
                    % {"steps": "、".join(str(DisposalKind(step).label) for step in steps) or "—"}
                }
            )
        if decided_on > today:
            raise ValidationError({"decided_on": _("This date is in the future.")})
        if decided_on < appraisal.meeting.held_on:
            raise ValidationError({"decided_on": _("The date cannot be before the appraisal.")})
        if kind == DisposalKind.CORRECTION and (deadline is None or deadline <= decided_on):
            raise ValidationError(
                {"deadline": _("Give the day by which the member is to correct, after the decision.")}
            )
        if kind in AFTER_THE_DEADLINE:
            correction = appraisal.disposals.filter(kind=DisposalKind.CORRECTION).order_by("-decided_on").first()
            if correction and decided_on <= correction.deadline:
                raise ValidationError(
                    {
                        "decided_on": _("The member has until %(day)s to correct.")
                        % {"day": f"{correction.deadline:%Y-%m-%d}"}
                    }
                )
        decision, approved_by = decision.strip(), approved_by.strip()
        if kind in DECIDED_AND_APPROVED:
            errors = {}
            if not decision:
                errors["decision"] = _("Name the general meeting (or document) that decided it.")
            if not approved_by:
                errors["approved_by"] = _("Name the higher organisation that approved it (党章 第九条).")
            if errors:
                raise ValidationError(errors)
        status_change = None
        if kind == DisposalKind.REMOVAL:
            status_change = _remove(appraisal, decided_on, decision, approved_by, note, user, today)
        disposal = Disposal(
            appraisal=appraisal,
            kind=kind,
            decided_on=decided_on,
            deadline=deadline if kind == DisposalKind.CORRECTION else None,
            decision=decision if kind in DECIDED_AND_APPROVED else "",
            approved_by=approved_by if kind in DECIDED_AND_APPROVED else "",
            status_change=status_change,
            note=note,
            recorded_by=user,
        )
        disposal._history_user = user
        disposal.save()
    return disposal


def _remove(appraisal, decided_on, decision, approved_by, note, user, today):
    """除名 in the member's life: the lifecycle's rule (from 正常 or 停止党籍, dated after the
    current status, decision and approval named) or nothing is written."""
    member = Member.objects.select_for_update().get(pk=appraisal.member_id)
    try:
        return change_status(
            member,
            Transition.REMOVED,
            on=decided_on,
            expected_version=member.version,
            decision=decision,
            approved_by=approved_by,
            note="；".join(
                part for part in (_("Unqualified in the %(year)s appraisal") % {"year": appraisal.year}, note) if part
            ),
            user=user,
            today=today,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(
                {LIFECYCLE_FIELDS.get(field, field): errors for field, errors in error.error_dict.items()}
            ) from None
        raise
