"""The member file of a pipeline record: made at the admission's approval, given its 转正 date
at the conversion's approval, closed when a probationary membership is cancelled. Called by
``development.services`` inside its transaction, after the rules are checked."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from branches.home import HomeOrganisationIndex
from development.models import Applicant, Stage, WithdrawalReason
from members.lifecycle import change_status
from members.models import Member, Transition
from members.services import create_member, save_member_with_version_check


def _fail(field, message):
    raise ValidationError({field: message})


def disqualify(a: Applicant, done_on, meeting, document_no, user):
    """取消预备党员资格 (党章 第七条): the general meeting finds a probationary member unqualified
    and the higher organisation approves; the record ends (已撤销, reason 取消预备党员资格) and
    the member file leaves the roll with the meeting and the approval as its decision."""
    if not document_no.strip():
        _fail(
            "document_no",
            _(
                "Give the number of the higher organisation's approval: cancelling a probationary membership "
                "needs the general meeting and the higher organisation (党章 第七条)."
            ),
        )
    a.stage = Stage.WITHDRAWN
    a.withdrawn_on = done_on
    a.withdrawal_reason = WithdrawalReason.DISQUALIFIED
    a.next_step, a.next_earliest, a.next_deadline = "", None, None
    member = a.member
    if member is None:
        return
    try:
        change_status(
            member,
            Transition.REMOVED,
            on=done_on,
            decision=_("%(meeting)s: probationary membership cancelled") % {"meeting": meeting},
            approved_by=document_no,
            note=_("Probationary membership cancelled"),
            expected_version=member.version,
            user=user,
        )
    except ValidationError as error:
        messages = "; ".join(str(m) for m in error.messages)
        _fail("kind", _("The member file cannot be closed: %(errors)s") % {"errors": messages})


def create_member_file(a: Applicant, user) -> Member:
    """At admission the member file is made from the record: 入党时间 is the general meeting's day.
    The 流出地党组织 the record names is matched to the county's list (branches.home): the
    link where it matches, the text kept where it does not (issue 17)."""
    home = HomeOrganisationIndex.load().match(a.home_organisation, a.hometown_township)
    member = Member(
        name=a.name,
        gender=a.gender,
        ethnicity=a.ethnicity,
        birth_date=a.birth_date,
        id_number=a.id_number,
        phone=a.phone,
        education=a.education,
        hometown_township=a.hometown_township,
        hometown_village=a.hometown_village,
        home_organisation=home,
        home_organisation_text="" if home else a.home_organisation,
        joined_party_on=a.admitted_on,
        category=a.category,
        branch=a.branch,
        employer=a.employer,
        position=a.position,
        work_city=a.work_city,
        occupation=a.occupation,
    )
    try:
        return create_member(member, user=user)
    except ValidationError as error:
        messages = "; ".join(str(m) for m in error.messages)
        _fail("kind", _("The member file cannot be created: %(errors)s") % {"errors": messages})


def record_full_membership(a: Applicant, user):
    """转正: the file's 转正时间 is the day the probation ended."""
    member = a.member
    if member is None:
        return
    member.full_member_on = a.full_on
    save_member_with_version_check(member, member.version, user=user, reason=_("Full membership approved"))
