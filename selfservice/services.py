"""What a member does on /me/: their report for this period and the tasks open to them.
The writes themselves are shuangbao's (record_report, claim_task): the same rules, the same
capacity lock, whether the secretary records it or the member does."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuangbao.models import ClaimStatus, Report, ReportChannel, Task, TaskClaim, TaskStatus
from shuangbao.periods import Period
from shuangbao.services import record_report


def current_period(member, today=None) -> Period:
    today = today or timezone.localdate()
    return Period.containing(today, member.branch.committee.report_cycle)


def submit_own_report(member, *, period_start, summary, user, today=None) -> Report:
    """提交报告: the member's report for the period open now (the one holding today); another
    period is refused in Chinese. It goes to the home organisation for 签收."""
    today = today or timezone.localdate()
    period = current_period(member, today)
    if period_start != period.start:
        raise ValidationError(
            {
                "__all__": _("Reports are open for %(period)s only; another period is not open.")
                % {"period": period.label}
            }
        )
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Write about your thought, work, study and life.")})
    errors = None
    try:
        return record_report(
            member,
            period_start=period.start,
            submitted_on=today,
            channel=ReportChannel.WRITTEN,
            summary=summary.strip(),
            user=user,
            today=today,
        )
    except ValidationError as error:
        errors = error
    # The service names its fields for the secretary's form; here they are one message.
    raise ValidationError({"__all__": [message for messages in errors.message_dict.values() for message in messages]})


def tasks_for(member):
    """Every task published to the member: their branch's and the whole committee's, open or not
    (a claim on a full or closed one is refused by ``claim_task`` with its reason, not a 404)."""
    return Task.objects.filter(
        Q(branch__isnull=True) | Q(branch_id=member.branch_id), committee_id=member.branch.committee_id
    )


def open_tasks(member, today=None):
    """Tasks of the member's branch and of the whole committee, open today, with places left
    (``remaining``) and whether the member has claimed it (``mine``)."""
    today = today or timezone.localdate()
    held = Count("claims", filter=~Q(claims__status=ClaimStatus.DROPPED))
    return (
        Task.objects.filter(
            Q(branch__isnull=True) | Q(branch_id=member.branch_id),
            committee_id=member.branch.committee_id,
            status=TaskStatus.OPEN,
            opens_on__lte=today,
            due_on__gte=today,
        )
        .annotate(
            remaining=F("capacity") - held,
            mine=Exists(TaskClaim.objects.filter(task=OuterRef("pk"), member=member)),
        )
        .filter(Q(remaining__gt=0) | Q(mine=True))
        .select_related("branch")
        .order_by("due_on", "pk")
    )


def own_claims(member):
    return TaskClaim.objects.filter(member=member).select_related("task").order_by("-claimed_on", "-pk")
