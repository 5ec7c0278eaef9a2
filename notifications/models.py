"""Notifications: what a user reads in the app (the bell), and every delivery by any
channel with its de-duplication key: the log of what was sent to whom, how and when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    APP = "app", _("In the app")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")  # quiet hours, or not sent yet
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    OPTED_OUT = "opted_out", _("Opted out")
    NO_ADDRESS = "no_address", _("No address")


class Notification(models.Model):
    """One message in a user's list (the bell counts the unread ones)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell: a user's unread count, on every page.
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """发送记录: one message to one person through one channel.

    ``dedup_key`` names the person, the item and the interval (``report_overdue:member:42:
    2027Q1:user:7``); the unique constraint makes a second run, or a run after a crash,
    write nothing and so send nothing twice.
    """

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("user"),
    )
    recipient = models.CharField(_("recipient"), max_length=100, help_text=_("The person's name, as shown."))
    address = models.CharField(_("address"), max_length=200, blank=True, help_text=_("Phone number or e-mail."))
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    dedup_key = models.CharField(_("de-duplication key"), max_length=200, blank=True)
    # The run that wrote the row: after an insert that skips the keys already there, the
    # rows of this run are the ones to send (and, in the app, to show).
    run_id = models.CharField(_("run"), max_length=32, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    not_before = models.DateTimeField(_("not before"), help_text=_("After the quiet hours."))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    notification = models.OneToOneField(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="delivery"
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One reminder per person, item, interval and channel: running the job twice,
            # or again after a crash, sends nothing twice.
            models.UniqueConstraint(
                fields=["dedup_key", "channel"], condition=~Q(dedup_key=""), name="delivery_once_per_key"
            ),
        ]
        indexes = [models.Index(fields=["status", "not_before"], name="delivery_due_idx")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}: {self.title}"


class ChannelSettings(models.Model):
    """A user's channels: opt-out per channel (personal centre) and the phone for SMS."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    email_enabled = models.BooleanField(_("by e-mail"), default=True)
    sms_enabled = models.BooleanField(_("by SMS"), default=True)
    phone = models.CharField(_("mobile phone for SMS"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)
