"""The channels a delivery goes out by: pluggable, one class per channel in CHANNELS.

A channel says where a person is reached (``address``), whether the person opted out, and
sends. The in-app channel is the Notification row itself, written when the delivery is.
"""

from django.conf import settings
from django.core.mail import send_mail

from notifications import sms
from notifications.models import Channel


class EmailChannel:
    name = Channel.EMAIL
    setting = "email_enabled"

    def send(self, delivery) -> None:
        body = delivery.body
        if delivery.url:
            body = f"{body}\n\n{delivery.url}"
        send_mail(delivery.title, body, settings.DEFAULT_FROM_EMAIL, [delivery.address])


class SmsChannel:
    name = Channel.SMS
    setting = "sms_enabled"

    def send(self, delivery) -> None:
        sms.backend().send(delivery.address, f"{delivery.title}{'：' + delivery.body if delivery.body else ''}")


CHANNELS = {Channel.EMAIL: EmailChannel(), Channel.SMS: SmsChannel()}
