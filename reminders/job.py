"""The daily reminder job: what is due, for whom, through which channels.

``run`` works out every member's reminders (reminders.members) and every staff member's
digest (reminders.staff), writes them to the log (notifications: one row per person, item,
interval and channel, a unique key, so a second run writes and sends nothing) and sends the
e-mail and SMS that the quiet hours allow; those held back are sent at 08:00 by a task
queued for then. ``send_reminders`` (the command) and ``send_reminders_task`` call it.
"""

import datetime

from django.utils import timezone

from notifications.quiet import next_allowed
from notifications.services import dispatch_due, notify_many
from reminders import members, staff

BATCH = 5000


def run(*, now=None, dry_run=False) -> dict:
    """Returns {"members": {kind: n}, "staff": {item: n}, "new": {(kind, channel): n}, "sent": {...}}."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    per_kind: dict = {}
    new: dict = {}

    def flush(batch):
        for key, n in notify_many(batch, now=now, dry_run=dry_run).items():
            new[key] = new.get(key, 0) + n

    batch = []
    for source in members.SOURCES:
        for due in source(today):
            per_kind[due.kind] = per_kind.get(due.kind, 0) + 1
            batch.append(members.message(due))
            if len(batch) >= BATCH:
                flush(batch)
                batch = []
    digests, listed = staff.digests(today)
    flush(batch + digests)
    result = {"members": per_kind, "staff": listed, "new": new, "sent": {"sent": 0, "failed": 0}, "deferred": None}
    if dry_run:
        return result
    result["sent"] = dispatch_due(now=now)
    allowed = next_allowed(now)
    if allowed != now:
        # Quiet hours: what was held back goes out at 08:00.
        from notifications.tasks import dispatch_deliveries

        dispatch_deliveries.using(run_after=allowed).enqueue()
        result["deferred"] = allowed
    return result


def next_run_at(now=None, hour=8, minute=30) -> datetime.datetime:
    """Tomorrow at 08:30 local time: when the daily task queues its next run."""
    local = timezone.localtime(now or timezone.now())
    day = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
