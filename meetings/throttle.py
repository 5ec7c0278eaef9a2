"""A limit on the public QR sign-in (issue 18): the link is open to anyone who holds it, so a
phone number can be guessed by trying. Attempts are counted in Django's cache, per address and
per meeting, over a window; past the limit the page refuses (429) until the window ends.

The limits are generous for a real meeting (a branch of 80 signing in within minutes from the
same Wi-Fi) and small for a script: ``PER_ADDRESS`` tries from one address, ``PER_MEETING``
from all addresses together, each ``WINDOW_SECONDS``.
"""

from django.core.cache import cache

WINDOW_SECONDS = 10 * 60
PER_ADDRESS = 20
PER_MEETING = 300


def _hit(key: str) -> int:
    """Count one attempt under ``key`` (the window starts with the first) and return the count."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return 1


def sign_in_attempt_allowed(meeting_pk: int, address: str | None) -> bool:
    """Count an attempt at the meeting's sign-in from ``address``; False once over a limit."""
    per_meeting = _hit(f"meetings:sign-in:meeting:{meeting_pk}")
    per_address = _hit(f"meetings:sign-in:address:{meeting_pk}:{address or 'unknown'}")
    return per_meeting <= PER_MEETING and per_address <= PER_ADDRESS
