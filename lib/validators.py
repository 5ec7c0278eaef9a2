from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def not_in_future(value):
    """Dates of things that happened cannot lie ahead of today (Asia/Shanghai).

    Kept out of the database: a CHECK against now() would depend on the
    server's clock and time zone, and would fail restores of old dumps.
    """
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future_date")
