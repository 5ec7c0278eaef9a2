"""转回流出地: a help request the Guangdong branch refers to the member's village at home.

The branch refers the case (``services.transition_help_request`` to 已转办 with a home
organisation); the case then appears on the village's list. The village logs what it did
in the case's one action log (``by_home``) and closes its part with what it did; the branch
sees every entry and goes on to resolve and close the case. Both sides read one history.

``open_referrals(user)`` is the list other apps call (a 待办 list): the cases referred to the
user's village that wait for it, through ``visible_to``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.models import HelpAction, HelpRequest, HelpStatus
from branches.permissions import is_home_secretary


def referrals(user):
    """Every case referred to the user's village (or township), newest first."""
    return (
        HelpRequest.objects.visible_to(user)
        .filter(referred_home__isnull=False)
        .select_related("member", "branch__committee", "referred_home__parent")
        .order_by("-referred_home_on", "-pk")
    )


def open_referrals(user):
    """The referred cases whose home part is not closed yet, oldest referral first."""
    return referrals(user).filter(home_closed_on__isnull=True).order_by("referred_home_on", "pk")


def _check(case: HelpRequest, user, acted_on: datetime.date):
    if not is_home_secretary(user):
        raise ValidationError(_("Only the home organisation's secretary writes the home village's part."))
    if case.home_closed_on:
        raise ValidationError(
            _("The home village closed its part on %(day)s.") % {"day": f"{case.home_closed_on:%Y-%m-%d}"}
        )
    if case.status == HelpStatus.CLOSED:
        raise ValidationError(_("A closed case takes no more actions."))
    if acted_on > timezone.localdate():
        raise ValidationError({"acted_on": _("This date is in the future.")})
    if acted_on < (case.referred_home_on or case.received_on):
        raise ValidationError({"acted_on": _("The date cannot be before the case was referred home.")})


def record_home_action(case: HelpRequest, user, description: str, acted_on: datetime.date) -> HelpAction:
    """A dated entry by the village in the case's action log (a visit to the family, a call)."""
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what the village did.")})
    with transaction.atomic():
        case = HelpRequest.objects.select_for_update().get(pk=case.pk)
        _check(case, user, acted_on)
        return HelpAction.objects.create(
            help_request=case, acted_on=acted_on, description=description, actor=user, by_home=True
        )


def close_home_part(case: HelpRequest, user, outcome: str, acted_on: datetime.date) -> HelpRequest:
    """The village's part is done: what it did, the day; an entry in the log. The case stays
    the branch's to resolve and close."""
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": _("Say what the village did before closing its part.")})
    with transaction.atomic():
        case = HelpRequest.objects.select_for_update().get(pk=case.pk)
        _check(case, user, acted_on)
        case.home_closed_on = acted_on
        case.home_outcome = outcome
        case._history_user = user
        case.save()
        HelpAction.objects.create(
            help_request=case,
            acted_on=acted_on,
            description=str(_("The home village closed its part: %(outcome)s") % {"outcome": outcome}),
            actor=user,
            by_home=True,
        )
    return case
