"""Notify people: ``notify`` for one message, ``notify_many`` for a job's thousands, and
``dispatch_due`` to send what the channels still owe (after the quiet hours).

A message goes to a person (a user, or a member without an account, reached by phone) by
one or more channels. Each (person, item, interval) has a key; a key already in the log is
skipped, so a job run twice sends nothing twice. In-app notifications appear at once;
e-mail and SMS wait for the end of the quiet hours and are sent by ``dispatch_due``.
"""

import logging
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from notifications.channels import CHANNELS
from notifications.models import Channel, ChannelSettings, Delivery, DeliveryStatus, Notification
from notifications.quiet import next_allowed

logger = logging.getLogger("notifications")
CHUNK = 1000


@dataclass(frozen=True)
class Message:
    """One message to one person. ``user`` for staff and member accounts; ``phone`` /
    ``email`` for a person reached without an account (a member by SMS)."""

    kind: str
    title: str
    recipient: str
    user: object = None
    phone: str = ""
    email: str = ""
    body: str = ""
    url: str = ""
    key: str = ""
    channels: tuple = (Channel.APP, Channel.EMAIL, Channel.SMS)
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def _settings_of(user_ids) -> dict:
    return {s.user_id: s for s in ChannelSettings.objects.filter(user_id__in=user_ids)}


def _deliveries(message: Message, prefs: dict, now, allowed, run_id) -> list[Delivery]:
    rows = []
    user = message.user
    pref = prefs.get(user.pk) if user is not None else None
    for channel in message.channels:
        if channel == Channel.APP and user is None:
            continue
        status, address, not_before = DeliveryStatus.PENDING, "", allowed
        if channel == Channel.APP:
            status, not_before = DeliveryStatus.SENT, now
        elif channel == Channel.EMAIL:
            address = message.email or (user.email if user is not None else "")
        elif channel == Channel.SMS:
            address = message.phone or (pref.phone if pref is not None else "")
        if channel != Channel.APP:
            if pref is not None and not getattr(pref, CHANNELS[channel].setting):
                status = DeliveryStatus.OPTED_OUT
            elif not address:
                status = DeliveryStatus.NO_ADDRESS
        rows.append(
            Delivery(
                channel=channel,
                user=user,
                recipient=message.recipient[:100],
                address=address,
                kind=message.kind,
                title=message.title[:200],
                body=message.body,
                url=message.url,
                dedup_key=message.key[:200],
                status=status,
                not_before=not_before,
                sent_at=now if channel == Channel.APP else None,
                run_id=run_id,
            )
        )
    return rows


def notify_many(messages, *, now=None, dry_run=False) -> dict:
    """Log and deliver ``messages``; those whose key (and channel) is in the log already are
    skipped. Returns the count of new deliveries per (kind, channel); ``dry_run`` counts
    what would be written and writes nothing."""
    now = now or timezone.now()
    allowed = next_allowed(now)
    messages = list(messages)
    prefs = _settings_of({m.user.pk for m in messages if m.user is not None})
    run_id = uuid.uuid4().hex
    rows = [row for message in messages for row in _deliveries(message, prefs, now, allowed, run_id)]
    keyed = {(row.dedup_key, row.channel) for row in rows if row.dedup_key}
    # Keys already in the log: most of them on a second run, so leave them out before the insert.
    known = set()
    keys = sorted({key for key, _channel in keyed})
    for start in range(0, len(keys), CHUNK):
        known |= set(
            Delivery.objects.filter(dedup_key__in=keys[start : start + CHUNK]).values_list("dedup_key", "channel")
        )
    rows = [row for row in rows if not row.dedup_key or (row.dedup_key, row.channel) not in known]
    counts: dict = {}
    # Counted: what goes out (in the app, or waiting to be sent), not the opted-out or unreachable.
    going = (DeliveryStatus.PENDING, DeliveryStatus.SENT)
    if dry_run:
        for row in rows:
            if row.status in going:
                counts[(row.kind, row.channel)] = counts.get((row.kind, row.channel), 0) + 1
        return counts
    with transaction.atomic():
        # A concurrent run may have written some keys since: the constraint skips them.
        Delivery.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
        ours = list(Delivery.objects.filter(run_id=run_id).order_by("pk"))
        app = [row for row in ours if row.channel == Channel.APP]
        notes = Notification.objects.bulk_create(
            [Notification(user_id=r.user_id, kind=r.kind, title=r.title, body=r.body, url=r.url) for r in app],
            batch_size=CHUNK,
        )
        for row, note in zip(app, notes, strict=True):
            row.notification_id = note.pk
        Delivery.objects.bulk_update(app, ["notification"], batch_size=CHUNK)
    for row in ours:
        if row.status not in going:
            continue
        counts[(row.kind, row.channel)] = counts.get((row.kind, row.channel), 0) + 1
    return counts


def notify(message: Message, *, now=None) -> dict:
    return notify_many([message], now=now)


def dispatch_due(*, now=None, limit=None) -> dict:
    """Send the e-mails and SMS whose time has come (after quiet hours). Each row is claimed
    (pending → sending) before it goes out, so two workers never send one twice; a crash
    after the claim leaves it "sending", visible in the log, never sent again by itself."""
    now = now or timezone.now()
    sent = failed = 0
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, not_before__lte=now).order_by("pk")
    while True:
        with transaction.atomic():
            pks = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:CHUNK])
            if not pks:
                break
            Delivery.objects.filter(pk__in=pks, status=DeliveryStatus.PENDING).update(status=DeliveryStatus.SENDING)
        done = []
        for row in Delivery.objects.filter(pk__in=pks, status=DeliveryStatus.SENDING).order_by("pk"):
            try:
                CHANNELS[row.channel].send(row)
            except Exception as error:  # a channel's failure is logged on the row, the others go on
                logger.warning("Delivery %s by %s failed: %s", row.pk, row.channel, error)
                Delivery.objects.filter(pk=row.pk).update(status=DeliveryStatus.FAILED, error=str(error)[:2000])
                failed += 1
            else:
                done.append(row.pk)
        Delivery.objects.filter(pk__in=done).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
        sent += len(done)
        if limit is not None and sent + failed >= limit:
            break
    return {"sent": sent, "failed": failed}


def recent(user, limit: int = 20) -> list:
    """The user's newest notifications (a member's reminders on /me/, who has no bell)."""
    return list(Notification.objects.filter(user=user)[:limit])


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, pks=None) -> int:
    """Mark the user's notifications ``pks`` (or all of them) read; returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.update(read_at=timezone.now())
