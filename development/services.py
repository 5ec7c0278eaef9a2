"""Recording the steps of a record: every write of the pipeline goes through here.

Each function checks the step against ``development.rules`` first and writes nothing
when a rule says no: a ``ValidationError`` whose message names the rule, on the field
the user got wrong. A step, the record's dates and, at admission, the new member file
are written in one transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from development import rules as R
from development.member_file import create_member_file, disqualify, record_full_membership
from development.models import OPEN_STAGES, Applicant, Stage, Step, StepKind
from meetings.models import Meeting, MeetingKind, MeetingStatus
from meetings.quorum import with_attendance_counts
from members.models import Member


def _fail(field, message):
    raise ValidationError({field: message})


def create_applicant(applicant: Applicant, *, user=None, document_no="", note="") -> Applicant:
    """入党申请人: the record and its first step, the application (细则 第六条)."""
    applicant.stage = Stage.APPLICANT
    applicant.full_clean()
    if applicant.birth_date and applicant.applied_on and applicant.applied_on < R.old_enough_on(applicant.birth_date):
        _fail(
            "applied_on",
            _("Too young: a person may apply at eighteen (细则 第五条, 党章 第一条); %(name)s is eighteen on %(day)s.")
            % {"name": applicant.name, "day": f"{R.old_enough_on(applicant.birth_date):%Y-%m-%d}"},
        )
    with transaction.atomic():
        if user is not None:
            applicant._history_user = user
        applicant.save()
        Step.objects.create(
            applicant=applicant,
            kind=StepKind.APPLICATION,
            done_on=applicant.applied_on,
            document_no=document_no,
            note=note,
            recorded_by=user,
        )
        refresh_timers([applicant])
    return applicant


def _check_stage(applicant, kind):
    expected = R.STEP_STAGE[kind]
    if applicant.stage != expected:
        _fail(
            "kind",
            _(
                "Stages cannot be skipped: “%(step)s” is a step of the %(stage)s stage and this record is at the "
                "%(current)s stage (细则 第二章至第五章: 入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员)."
            )
            % {
                "step": StepKind(kind).label,
                "stage": Stage(expected).label,
                "current": Stage(applicant.stage).label,
            },
        )


def _check_not_before(field, done_on, earliest, message):
    if earliest and done_on < earliest:
        _fail(field, message % {"earliest": f"{earliest:%Y-%m-%d}"})


def _meeting_counts(meeting):
    return with_attendance_counts(Meeting.objects.filter(pk=meeting.pk)).get()


def _check_meeting(applicant, kind, meeting, done_on, votes_for):
    if kind in R.GENERAL_MEETING_DECIDES and meeting is None:
        _fail("meeting", _("This step is decided by the branch general meeting (支部大会): choose the meeting."))
    if meeting is None:
        return
    if meeting.branch_id != applicant.branch_id:
        _fail("meeting", _("The meeting must be one of the record's own branch."))
    if meeting.status != MeetingStatus.HELD:
        _fail(
            "meeting",
            _(
                "%(meeting)s was published and its roll is not confirmed yet: the secretary confirms the roll "
                "(who attended) first, then the step can name it."
            )
            % {"meeting": meeting},
        )
    if meeting.held_on != done_on:
        _fail(
            "done_on", _("The date of the step is the day the meeting was held (%(day)s).") % {"day": meeting.held_on}
        )
    if kind in R.COMMITTEE_DECIDES and meeting.kind not in (MeetingKind.COMMITTEE, MeetingKind.GENERAL):
        _fail(
            "meeting",
            _(
                "The branch committee (支部委员会) decides this step (细则 第八条, 第十三条): "
                "choose a committee meeting."
            ),
        )
    if kind in R.GENERAL_MEETING_DECIDES:
        if meeting.kind != MeetingKind.GENERAL or not meeting.has_vote:
            _fail("meeting", _("Choose a branch general meeting (支部大会) at which votes were taken."))
        counts = _meeting_counts(meeting)
        if not counts.quorum_met:
            _fail(
                "meeting",
                _(
                    "The meeting had no quorum: %(present)s of %(expected)s full members with a vote attended; more "
                    "than half must (细则 第二十条)."
                )
                % {"present": counts.voting_present, "expected": counts.voting_expected},
            )
        if not R.meeting_passes(counts, votes_for):
            _fail(
                "votes_for",
                _(
                    "Not passed: more than half of the %(expected)s full members with a vote must vote in favour "
                    "(细则 第二十一条)."
                )
                % {"expected": counts.voting_expected},
            )


def _check_people(kind, people, done_on, user):
    people = list(people)
    if kind == StepKind.SPONSORS and (
        len(people) != R.SPONSORS_NEEDED or len({p.pk for p in people}) != R.SPONSORS_NEEDED
    ):
        _fail("people", _("A candidate has two sponsors (入党介绍人), both full members (细则 第十四条)."))
    if kind == StepKind.ACTIVIST and not 1 <= len({p.pk for p in people}) <= R.CONTACTS_MAX:
        _fail("people", _("Name one or two full members as contacts (培养联系人)."))
    visible = set(Member.objects.visible_to(user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    for person in people:
        if person.pk not in visible:
            _fail("people", _("%(name)s is not a member the user may choose.") % {"name": person.name})
        if not R.can_sponsor(person, done_on):
            if kind == StepKind.SPONSORS:
                message = _(
                    "%(name)s is not a full member (正式党员) on the roll and cannot be a sponsor (细则 第十四条)."
                )
            else:
                message = _("%(name)s is not a full member (正式党员) on the roll and cannot be a contact.")
            _fail("people", message % {"name": person.name})
    return people


def record_step(
    applicant: Applicant,
    kind: str,
    *,
    done_on: datetime.date,
    user=None,
    meeting=None,
    document_no: str = "",
    hours: int | None = None,
    months: int | None = None,
    votes_for: int | None = None,
    ends_on: datetime.date | None = None,
    way: str = "",
    by_whom: str = "",
    note: str = "",
    people=(),
) -> Step:
    """Record one step of ``applicant`` (already looked up within the user's scope)."""
    if kind not in R.STEP_STAGE:
        _fail("kind", _("This step cannot be recorded here."))
    with transaction.atomic():
        a = Applicant.objects.select_for_update().get(pk=applicant.pk)
        rules = R.rules_for(a.branch.committee)
        _check_stage(a, kind)
        if done_on > timezone.localdate():
            _fail("done_on", _("This date is in the future."))
        last = a.steps.order_by("-done_on").values_list("done_on", flat=True).first()
        if last and done_on < last:
            _fail(
                "done_on",
                _("The step cannot be dated before the record's last step (%(day)s).") % {"day": f"{last:%Y-%m-%d}"},
            )
        _check_meeting(a, kind, meeting, done_on, votes_for)
        people = _check_people(kind, people, done_on, user) if kind in (StepKind.SPONSORS, StepKind.ACTIVIST) else []
        member = _apply(
            a,
            kind,
            rules,
            done_on=done_on,
            hours=hours,
            months=months,
            user=user,
            ends_on=ends_on,
            meeting=meeting,
            document_no=document_no,
        )
        step = Step.objects.create(
            applicant=a,
            kind=kind,
            done_on=done_on,
            meeting=meeting,
            document_no=document_no,
            hours=hours,
            months=months,
            votes_for=votes_for,
            ends_on=ends_on,
            way=way,
            by_whom=by_whom,
            note=note,
            recorded_by=user,
        )
        if user is not None:
            a._history_user = user
        a._change_reason = StepKind(kind).label
        a.save()
        if kind == StepKind.ACTIVIST:
            a.contacts.set(people)
        elif kind == StepKind.SPONSORS:
            a.sponsors.set(people)
        if member is not None:
            a.member = member
            a.save(update_fields=["member"])
        refresh_timers([a])
    applicant.refresh_from_db()
    return step


def _apply(a: Applicant, kind, rules, *, done_on, hours, months, user, ends_on=None, meeting=None, document_no=""):
    """Check the step's own rule and set the record's dates; the member file it creates, if any."""
    if kind == StepKind.PUBLICITY:
        _apply_publicity(a, done_on, ends_on)
        return None
    if kind == StepKind.DISQUALIFICATION:
        disqualify(a, done_on, meeting, document_no, user)
        return None
    if kind == StepKind.TALK:
        if a.talked_on:
            _fail("kind", _("The talk with the applicant is already recorded."))
        a.talked_on = done_on
    elif kind == StepKind.ACTIVIST:
        _check_not_before(
            "done_on",
            done_on,
            R.activist_earliest(a.applied_on, rules),
            _("Too early: the committee's rules want the application to be older; not before %(earliest)s."),
        )
        a.activist_on = done_on
        a.stage = Stage.ACTIVIST
    elif kind == StepKind.ASSESSMENT:
        a.assessed_on = done_on
    elif kind == StepKind.CANDIDATE:
        _check_not_before(
            "done_on",
            done_on,
            R.candidate_earliest(a.activist_on, rules),
            _(
                "An activist becomes a candidate after a year or more of education and assessment (细则 第十三条): "
                "not before %(earliest)s."
            ),
        )
        a.candidate_on = done_on
        a.stage = Stage.CANDIDATE
    elif kind == StepKind.SPONSORS:
        pass
    elif kind == StepKind.POLITICAL_REVIEW:
        a.reviewed_on = done_on
    elif kind == StepKind.TRAINING:
        if not hours:
            _fail("hours", _("Give the hours of the training."))
        a.training_hours += hours
    elif kind == StepKind.PRE_REVIEW:
        missing = [m for m in R.missing_for_admission(a, rules) if m != StepKind.PRE_REVIEW]
        if missing:
            _fail("kind", _missing_message(missing, rules))
        _check_not_before(
            "done_on",
            done_on,
            a.publicity_ends_on + datetime.timedelta(days=1),
            _("The pre-review follows the public notice (公示), which has not ended: not before %(earliest)s."),
        )
        a.pre_reviewed_on = done_on
    elif kind == StepKind.ADMISSION:
        if a.admitted_on:
            _fail("kind", _("The general meeting's admission is already recorded."))
        missing = R.missing_for_admission(a, rules)
        if missing:
            _fail("kind", _missing_message(missing, rules))
        if done_on <= a.publicity_ends_on:
            _fail(
                "done_on",
                _(
                    "The public notice (公示) runs until %(end)s: the general meeting discusses the admission after "
                    "it has ended, from %(earliest)s."
                )
                % {
                    "end": f"{a.publicity_ends_on:%Y-%m-%d}",
                    "earliest": f"{a.publicity_ends_on + datetime.timedelta(days=1):%Y-%m-%d}",
                },
            )
        a.admitted_on = done_on
    elif kind == StepKind.APPROVAL:
        if not a.admitted_on:
            _fail("kind", _("The general meeting has not admitted this candidate yet (细则 第二十条)."))
        limit = R.approval_limit(a.admitted_on)
        if done_on > limit:
            _fail(
                "done_on",
                _(
                    "More than six months after the general meeting (%(limit)s is the last day): the admission has "
                    "to go back to the general meeting."
                )
                % {"limit": f"{limit:%Y-%m-%d}"},
            )
        a.approved_on = done_on
        a.probation_ends_on = R.probation_end(a.admitted_on)
        a.stage = Stage.PROBATIONARY
        return create_member_file(a, user)
    elif kind == StepKind.OATH:
        if a.sworn_on:
            _fail("kind", _("The oath is already recorded."))
        a.sworn_on = done_on
    elif kind == StepKind.EXTENSION:
        if a.extension_months:
            _fail("kind", _("A probation is extended once only (细则 第三十二条)."))
        if not months or not R.EXTENSION_MIN_MONTHS <= months <= R.EXTENSION_MAX_MONTHS:
            _fail("months", _("An extension lasts at least six months and at most a year (细则 第三十二条)."))
        _check_not_before(
            "done_on",
            done_on,
            a.probation_ends_on,
            _("The branch decides an extension when the probation ends (细则 第三十二条): not before %(earliest)s."),
        )
        a.extension_months = months
        a.probation_ends_on = R.probation_end(a.admitted_on, months)
    elif kind == StepKind.CONVERSION:
        if a.converted_on:
            _fail("kind", _("The general meeting's decision on full membership is already recorded."))
        _check_not_before(
            "done_on",
            done_on,
            a.probation_ends_on,
            _(
                "Full membership cannot be discussed before the probation ends (细则 第三十二条): "
                "the probation ends on %(earliest)s."
            ),
        )
        a.converted_on = done_on
    elif kind == StepKind.CONVERSION_APPROVAL:
        if not a.converted_on:
            _fail("kind", _("The general meeting has not passed the full membership yet (细则 第三十三条)."))
        a.full_on = a.probation_ends_on
        a.stage = Stage.FULL
        record_full_membership(a, user)
    return None


def _apply_publicity(a: Applicant, done_on, ends_on):
    """公示: the candidate the branch means to admit is published, from a day to a day, at least
    five working days (rules.PUBLICITY_MIN_WORKING_DAYS)."""
    if a.publicized_on:
        _fail("kind", _("The public notice (公示) is already recorded."))
    if ends_on is None:
        _fail("ends_on", _("Give the last day of the public notice (公示)."))
    earliest = R.publicity_earliest_end(done_on)
    if ends_on < earliest:
        _fail(
            "ends_on",
            _(
                "A public notice (公示) lasts at least %(days)s working days: from %(start)s it ends on %(earliest)s "
                "or later."
            )
            % {
                "days": R.PUBLICITY_MIN_WORKING_DAYS,
                "start": f"{done_on:%Y-%m-%d}",
                "earliest": f"{earliest:%Y-%m-%d}",
            },
        )
    a.publicized_on = done_on
    a.publicity_ends_on = ends_on


def _missing_message(missing, rules):
    names = "、".join(str(StepKind(m).label) for m in missing)
    return _(
        "Not yet: %(missing)s first. A candidate goes to the general meeting after the political review "
        "(细则 第十六条), %(hours)s hours of training (细则 第十七条), two sponsors (细则 第十四条), "
        "the public notice (公示) and the pre-review (细则 第十九条)."
    ) % {"missing": names, "hours": rules.training_min_hours}


def withdraw(applicant: Applicant, *, reason: str, on: datetime.date, note: str, user=None) -> Step:
    """撤销: a person who drops out or a record made by mistake, with the reason. Before the
    admission only: a probationary member's file is kept on the member pages."""
    if not note.strip():
        _fail("note", _("Say why the record is withdrawn."))
    with transaction.atomic():
        a = Applicant.objects.select_for_update().get(pk=applicant.pk)
        if a.stage not in OPEN_STAGES or a.stage == Stage.PROBATIONARY or a.approved_on:
            _fail(
                "reason",
                _(
                    "Only a record not yet admitted can be withdrawn; a probationary member's status is kept on "
                    "the member file; cancelling it is the step “Probationary membership cancelled”, decided by the "
                    "general meeting (党章 第七条)."
                ),
            )
        if on > timezone.localdate():
            _fail("withdrawn_on", _("This date is in the future."))
        if on < a.applied_on:
            _fail("withdrawn_on", _("The record cannot be withdrawn before the application."))
        a.stage = Stage.WITHDRAWN
        a.withdrawn_on = on
        a.withdrawal_reason = reason
        a.next_step, a.next_earliest, a.next_deadline = "", None, None
        if user is not None:
            a._history_user = user
        a._change_reason = StepKind.WITHDRAWAL.label
        a.save()
        step = Step.objects.create(applicant=a, kind=StepKind.WITHDRAWAL, done_on=on, note=note, recorded_by=user)
    applicant.refresh_from_db()
    return step


def refresh_timers(applicants):
    """Keep the board's copy of each record's next step and its limits."""
    for a in applicants:
        timer = R.next_timer(a, R.rules_for(a.branch.committee))
        values = (timer.step, timer.earliest, timer.deadline) if timer else ("", None, None)
        if (a.next_step, a.next_earliest, a.next_deadline) != values:
            Applicant.objects.filter(pk=a.pk).update(
                next_step=values[0], next_earliest=values[1], next_deadline=values[2]
            )
            a.next_step, a.next_earliest, a.next_deadline = values


def probation_ending(user, today: datetime.date | None = None, within_days: int = 60):
    """For 待办 (issue 21): the user's probationary members whose probation ends within
    ``within_days`` days (or has ended without a conversion meeting), soonest first."""
    today = today or timezone.localdate()
    return (
        Applicant.objects.visible_to(user)
        .filter(
            stage=Stage.PROBATIONARY,
            converted_on__isnull=True,
            probation_ends_on__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("branch")
        .order_by("probation_ends_on", "pk")
    )
