"""流动党员活动证: issue, renewal, withdrawal, and the list of those running out.

The certificate (中组部 《流动党员活动证》制度) is issued by the home organisation to a member who
goes away, shown (交验) to the inflow organisation at each check-in, and handed back when the
member returns. Its validity is the committee's setting (``certificate_validity_months``).
This module knows only the models: members.lifecycle calls ``withdraw_certificates`` when a
member goes home or the relation moves, never the other way round.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.months import add_months
from members.models import ActivityCertificate, Category, CertificateStatus, Member, MemberStatus

EXPIRING_DAYS = 60


def _check(member, number, issued_by, issued_on, today):
    errors = {}
    if member.category != Category.MOBILE or member.status != MemberStatus.ACTIVE:
        errors["number"] = _("%(name)s is not a mobile member on the roll: no activity certificate.") % {
            "name": member.name
        }
    if not number.strip():
        errors["number"] = errors.get("number") or _("Give the certificate number.")
    if not issued_by.strip():
        errors["issued_by"] = _("Name the issuing organisation.")
    if issued_on is None:
        errors["issued_on"] = _("Give the date.")
    elif issued_on > today:
        errors["issued_on"] = _("This date is in the future.")
    return errors


def issue_certificate(member: Member, *, number, issued_by, issued_on, user=None, today=None) -> ActivityCertificate:
    """A first certificate, or a renewal: the valid one (if any) is marked renewed that day."""
    today = today or timezone.localdate()
    errors = _check(member, number, issued_by, issued_on, today)
    current = ActivityCertificate.objects.filter(member=member, status=CertificateStatus.VALID).first()
    if current and issued_on and issued_on < current.issued_on:
        errors["issued_on"] = _("%(date)s is before the current certificate was issued (%(since)s).") % {
            "date": f"{issued_on:%Y-%m-%d}",
            "since": f"{current.issued_on:%Y-%m-%d}",
        }
    if errors:
        raise ValidationError(errors)
    months = member.branch.committee.certificate_validity_months
    try:
        with transaction.atomic():
            if current:
                current.status = CertificateStatus.RENEWED
                current.ended_on = issued_on
                current.end_reason = _("Renewed")
                current.save()
            certificate = ActivityCertificate.objects.create(
                member=member,
                number=number.strip(),
                issued_by=issued_by.strip(),
                issued_on=issued_on,
                valid_until=add_months(issued_on, months),
                recorded_by=user if user is not None and user.is_authenticated else None,
            )
            Member.objects.filter(pk=member.pk).update(activity_certificate_no=certificate.number)
    except IntegrityError:
        raise ValidationError({"number": _("The member already holds a valid certificate.")}) from None
    return certificate


def withdraw_certificates(member: Member, *, on: datetime.date, reason: str) -> int:
    """Hand back (收回) the valid certificate: the member returned home or the relation moved."""
    return ActivityCertificate.objects.filter(member=member, status=CertificateStatus.VALID).update(
        status=CertificateStatus.WITHDRAWN, ended_on=on, end_reason=reason[:200]
    )


def expiring(certificates, today=None):
    """Valid certificates that run out within 60 days (or have run out already)."""
    today = today or timezone.localdate()
    return certificates.filter(
        status=CertificateStatus.VALID, valid_until__lte=today + datetime.timedelta(days=EXPIRING_DAYS)
    )
