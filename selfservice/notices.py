"""通知公告: publishing a notice, who it reaches, and who has read it.

A committee's staff publish to all the committee's branches or to one of them; a branch
secretary to their own branch. A notice reaches the members on the roll of its branch (or of
every branch of the committee); ``young_only`` keeps those aged 35 or under (共青团 age, the
job fairs branch 3 passes on to young members). Members read it on /me/; the first reading is
the receipt the publisher sees.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from branches.permissions import can_write
from branches.roles import Role
from branches.scoping import user_scope
from members.models import Member, MemberStatus
from selfservice.models import Notice, NoticeKind, NoticeRead

YOUNG_AGE = 35


def young_born_after(today: datetime.date) -> datetime.date:
    """Members born after this day are 35 or under today (a 29 February birthday counts from 1 March)."""
    try:
        return today.replace(year=today.year - YOUNG_AGE - 1)
    except ValueError:
        return today.replace(year=today.year - YOUNG_AGE - 1, day=28)


def publish_notice(user, *, committee=None, branch=None, kind, title, body, young_only=False, request=None):
    """Publish a notice; refused in Chinese (nothing written) outside the publisher's scope."""
    errors = {}
    if not can_write(user):
        raise ValidationError(_("Your role does not publish notices."))
    scope = user_scope(user)
    if branch is not None:
        if not Branch.objects.visible_to(user).filter(pk=branch.pk).exists():
            errors["branch"] = _("%(branch)s is outside your scope: publish to your own branch only.") % {
                "branch": branch
            }
        committee = branch.committee
    elif scope is not None and scope.role == Role.BRANCH_SECRETARY:
        errors["branch"] = _("A branch secretary publishes to their own branch: choose it.")
    elif committee is None or not Committee.objects.visible_to(user).filter(pk=committee.pk).exists():
        errors["committee"] = _("Choose a committee of your own scope.")
    if kind not in NoticeKind.values:
        errors["kind"] = _("Choose the kind of notice.")
    if not (title or "").strip():
        errors["title"] = _("Give the notice a title.")
    if not (body or "").strip():
        errors["body"] = _("Write the text of the notice.")
    if errors:
        raise ValidationError(errors)
    return Notice.objects.create(
        committee=committee,
        branch=branch,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        young_only=young_only,
        published_by=user,
    )


def audience_condition(notice, today=None, prefix="") -> Q:
    """The members a notice reaches, as a condition on Member."""
    today = today or timezone.localdate()
    condition = Q(**{f"{prefix}status": MemberStatus.ACTIVE})
    if notice.branch_id:
        condition &= Q(**{f"{prefix}branch_id": notice.branch_id})
    else:
        condition &= Q(**{f"{prefix}branch__committee_id": notice.committee_id})
    if notice.young_only:
        condition &= Q(**{f"{prefix}birth_date__gt": young_born_after(today)})
    return condition


def notices_for(member, today=None):
    """The notices that reach ``member``, newest first, each with ``is_read``."""
    today = today or timezone.localdate()
    young = member.birth_date > young_born_after(today)
    condition = Q(committee_id=member.branch.committee_id) & (Q(branch__isnull=True) | Q(branch_id=member.branch_id))
    if not young:
        condition &= Q(young_only=False)
    return (
        Notice.objects.filter(condition)
        .annotate(is_read=Exists(NoticeRead.objects.filter(notice=OuterRef("pk"), member=member)))
        .select_related("branch", "committee")
        .order_by("-published_at", "-pk")
    )


def mark_read(notice, member):
    """The receipt, once: the first reading's time is kept."""
    try:
        with transaction.atomic():
            NoticeRead.objects.get_or_create(notice=notice, member=member)
    except IntegrityError:  # read in two tabs at once
        pass


def receipts(notice, today=None):
    """The audience of ``notice`` with the time each read it (``read_at``, None if not yet), readers first."""
    read_at = NoticeRead.objects.filter(notice=notice, member=OuterRef("pk")).values("read_at")[:1]
    return (
        Member.objects.filter(audience_condition(notice, today))
        .annotate(read_at=Subquery(read_at))
        .select_related("branch")
        .order_by(F("read_at").desc(nulls_last=True), "branch__ordinal", "name", "pk")
    )
