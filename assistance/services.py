"""Domain rules of care and hometown work, called from views, admin and commands alike.

- Help requests (困难诉求) move only along ``HELP_TRANSITIONS``; every move is a dated
  entry in the case's action log and a new version in its history.
- Return posts (回引挂职) fill at most their quota: selection locks the post's row, so
  two officers selecting at the same moment cannot both take the last place.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.models import (
    ApplicationStatus,
    HelpAction,
    HelpRequest,
    HelpStatus,
    ReturnApplication,
    ReturnPost,
)

# 已受理 → 办理中 → 已转办 → 已解决 → 已办结, with the detours a real case takes:
# a referral can come back to the branch, and a "resolved" case the requester
# disputes is taken up again. A closed case is final.
HELP_TRANSITIONS: dict[str, tuple[str, ...]] = {
    HelpStatus.RECEIVED: (HelpStatus.IN_PROGRESS, HelpStatus.REFERRED),
    HelpStatus.IN_PROGRESS: (HelpStatus.REFERRED, HelpStatus.RESOLVED),
    HelpStatus.REFERRED: (HelpStatus.IN_PROGRESS, HelpStatus.RESOLVED),
    HelpStatus.RESOLVED: (HelpStatus.CLOSED, HelpStatus.IN_PROGRESS),
    HelpStatus.CLOSED: (),
}


def allowed_help_transitions(case: HelpRequest) -> tuple[str, ...]:
    return HELP_TRANSITIONS.get(case.status, ())


def take_in_help_request(case: HelpRequest, user, note: str = "") -> HelpRequest:
    """受理: save a new case and open its action log with the intake."""
    case.status = HelpStatus.RECEIVED
    case.full_clean()
    with transaction.atomic():
        case.save()
        HelpAction.objects.create(
            help_request=case,
            acted_on=case.received_on,
            description=note or _("Request received and registered."),
            status_after=HelpStatus.RECEIVED,
            actor=user,
        )
    return case


def transition_help_request(
    case: HelpRequest,
    to_status: str,
    user,
    note: str = "",
    *,
    acted_on: datetime.date | None = None,
    referred_to: str = "",
    referred_home=None,
    outcome: str = "",
    money_recovered: Decimal | None = None,
) -> HelpAction:
    """Move a case to ``to_status`` if the table allows it, and log who did it.

    A referral names where the case went; a resolution states the outcome. A referral to
    the member's home village (``referred_home``, one of the county's home organisations)
    puts the case on that village's list (assistance.referrals), where the village logs what
    it did and closes its part. Raises ValidationError (in Chinese, naming the field) and
    writes nothing otherwise.
    """
    acted_on = acted_on or timezone.localdate()
    with transaction.atomic():
        # Lock the case so two secretaries clicking at once cannot both move it.
        case = HelpRequest.objects.select_for_update().get(pk=case.pk)
        if to_status not in allowed_help_transitions(case):
            raise ValidationError(
                _("A case that is “%(current)s” cannot become “%(target)s”.")
                % {"current": case.get_status_display(), "target": dict(HelpStatus.choices).get(to_status, to_status)}
            )
        if acted_on < case.received_on:
            raise ValidationError({"acted_on": _("The date cannot be before the request was received.")})
        if acted_on > timezone.localdate():
            raise ValidationError({"acted_on": _("This date is in the future.")})
        if to_status == HelpStatus.REFERRED:
            if referred_home is not None:
                if referred_home.is_township:
                    raise ValidationError(
                        {"referred_home": _("Refer the case to a village or community branch, not a township.")}
                    )
                case.referred_home = referred_home
                case.referred_home_on = acted_on
                case.home_closed_on = None  # referred (again): the village's part is open
                referred_to = referred_to.strip() or referred_home.full_name
            if not referred_to.strip():
                raise ValidationError({"referred_to": _("Say where the case is referred to.")})
            case.referred_to = referred_to.strip()
        if to_status == HelpStatus.RESOLVED:
            if not outcome.strip():
                raise ValidationError({"outcome": _("Describe the outcome before marking the case resolved.")})
            case.outcome = outcome.strip()
            if money_recovered is not None:
                case.money_recovered = money_recovered
        case.closed_on = acted_on if to_status == HelpStatus.CLOSED else None
        case.status = to_status
        case._history_user = user
        case.save()
        return HelpAction.objects.create(
            help_request=case,
            acted_on=acted_on,
            description=note.strip() or _default_note(to_status, case),
            status_after=to_status,
            actor=user,
        )


def _default_note(to_status: str, case: HelpRequest) -> str:
    if to_status == HelpStatus.REFERRED:
        return _("Referred to %(place)s.") % {"place": case.referred_to}
    if to_status == HelpStatus.RESOLVED:
        return _("Resolved: %(outcome)s") % {"outcome": case.outcome}
    return HelpStatus(to_status).label


def log_help_action(case: HelpRequest, user, description: str, acted_on: datetime.date) -> HelpAction:
    """A note in the action log (a call, a visit to the employer) that does not move the case."""
    if case.status == HelpStatus.CLOSED:
        raise ValidationError(_("A closed case takes no more actions."))
    if acted_on < case.received_on:
        raise ValidationError({"acted_on": _("The date cannot be before the request was received.")})
    action = HelpAction(help_request=case, acted_on=acted_on, description=description, actor=user)
    action.full_clean()
    action.save()
    return action


# --- 回引挂职: 报名 → 审核 → 选聘 → 任职 → 期满 --------------------------------------

RETURN_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ApplicationStatus.APPLIED: (ApplicationStatus.REVIEWED, ApplicationStatus.REJECTED),
    ApplicationStatus.REVIEWED: (ApplicationStatus.SELECTED, ApplicationStatus.REJECTED),
    ApplicationStatus.SELECTED: (ApplicationStatus.SERVING,),
    ApplicationStatus.SERVING: (ApplicationStatus.COMPLETED,),
    ApplicationStatus.COMPLETED: (),
    ApplicationStatus.REJECTED: (),
}
# Applications that hold one of the post's places.
PLACE_HOLDING = (ApplicationStatus.SELECTED, ApplicationStatus.SERVING, ApplicationStatus.COMPLETED)


def allowed_return_transitions(application: ReturnApplication) -> tuple[str, ...]:
    return RETURN_TRANSITIONS.get(application.status, ())


def places_taken(post: ReturnPost) -> int:
    return post.applications.filter(status__in=PLACE_HOLDING).count()


def apply_for_return_post(post: ReturnPost, member, applied_on: datetime.date, note: str = "") -> ReturnApplication:
    """报名: a member applies for a post while applications are open."""
    if applied_on < post.opens_on or (post.closes_on and applied_on > post.closes_on):
        raise ValidationError({"applied_on": _("Applications for this post are not open on that date.")})
    if ReturnApplication.objects.filter(post=post, member=member).exists():
        raise ValidationError({"member": _("This member has already applied for this post.")})
    application = ReturnApplication(post=post, member=member, applied_on=applied_on, note=note)
    application.full_clean()
    application.save()
    return application


def select_for_return_post(application: ReturnApplication, user) -> ReturnApplication:
    """选聘: take one of the post's places, refusing once the quota is filled.

    The post's row is locked for the count and the write, so concurrent selections
    queue up behind each other and the last place goes to one of them only.
    """
    with transaction.atomic():
        post = ReturnPost.objects.select_for_update().get(pk=application.post_id)
        application = ReturnApplication.objects.select_for_update().get(pk=application.pk)
        if ApplicationStatus.SELECTED not in allowed_return_transitions(application):
            raise ValidationError(_("Only a reviewed application can be selected."))
        if places_taken(post) >= post.quota:
            raise ValidationError(
                _("The quota of %(quota)s for “%(post)s” is filled.") % {"quota": post.quota, "post": post.name}
            )
        application.status = ApplicationStatus.SELECTED
        application._history_user = user
        application.save(update_fields=["status"])
    return application


def advance_return_application(
    application: ReturnApplication, to_status: str, user, *, term_starts_on: datetime.date | None = None
) -> ReturnApplication:
    """Move an application one step: review, select (quota), start the term, end it."""
    if to_status == ApplicationStatus.SELECTED:
        return select_for_return_post(application, user)
    with transaction.atomic():
        application = ReturnApplication.objects.select_for_update().select_related("post").get(pk=application.pk)
        if to_status not in allowed_return_transitions(application):
            raise ValidationError(
                _("An application that is “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": application.get_status_display(),
                    "target": dict(ApplicationStatus.choices).get(to_status, to_status),
                }
            )
        today = timezone.localdate()
        if to_status == ApplicationStatus.SERVING:
            if term_starts_on is None:
                raise ValidationError({"term_starts_on": _("Give the day the term starts.")})
            if term_starts_on < application.applied_on:
                raise ValidationError({"term_starts_on": _("A term cannot start before the application.")})
            application.term_starts_on = term_starts_on
        if to_status == ApplicationStatus.COMPLETED and application.term_ends_on > today:
            raise ValidationError(
                _("The term runs until %(date)s and cannot be completed before.")
                % {"date": f"{application.term_ends_on:%Y-%m-%d}"}
            )
        application.status = to_status
        application._history_user = user
        application.save()
    return application
