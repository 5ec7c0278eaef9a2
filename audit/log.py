"""Writing to the audit log. Call ``record(...)`` wherever an event must be kept."""

import ipaddress

from django.conf import settings

from audit.models import AuditEntry


def client_ip(request):
    """The client's address, for the log and the lockout: REMOTE_ADDR, or the address in
    X-Forwarded-For that the nearest trusted proxy saw (settings.TRUSTED_PROXY_COUNT)."""
    if request is None:
        return None
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        candidate = forwarded[-count]
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


def record(request, action, *, obj=None, user=None, username="", **details):
    """Append one entry; ``details`` is stored as JSON (filters, row counts, reasons)."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AuditEntry.objects.create(
        user=user,
        username=username or (user.get_username() if user else ""),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        details=details,
        ip_address=client_ip(request),
    )
