"""SMS through a gateway: the interface, a logging backend (demo, tests) and an HTTP one.

The county sends SMS through its government SMS platform (政务短信平台, or an operator's
企信通 / 云MAS gateway). Those platforms share one shape: an HTTPS POST with an account, a
timestamp and a signature made from the account's secret, the mobile numbers, and the text
with the sender's 签名 in 【】 at its start; they answer with a code (0 or "success") and a
message id. ``HttpGatewayBackend`` speaks that shape; a platform that differs gets a
subclass overriding ``payload`` and ``accepted``. Settings: ``DJANGO_SMS_BACKEND``
(dotted path), ``DJANGO_SMS_GATEWAY_URL``, ``..._ACCOUNT``, ``..._SECRET``, ``DJANGO_SMS_SIGNATURE``.

No test makes a network call: tests and the demo use ``LoggingBackend``.
"""

import hashlib
import json
import logging
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("notifications.sms")


class SmsError(Exception):
    """The gateway refused the message or could not be reached."""


class BaseSmsBackend:
    """``send(phone, text)`` sends one message and returns the gateway's message id, or raises SmsError."""

    def send(self, phone: str, text: str) -> str:
        raise NotImplementedError


# What the logging backend "sent", newest last (tests read it like django.core.mail.outbox).
outbox: list[tuple[str, str]] = []


class LoggingBackend(BaseSmsBackend):
    """Sends nothing: logs the message and keeps it in ``outbox``."""

    def send(self, phone: str, text: str) -> str:
        outbox.append((phone, text))
        logger.info("SMS to %s: %s", phone, text)
        return f"log-{len(outbox)}"


class HttpGatewayBackend(BaseSmsBackend):
    """A government SMS platform over HTTPS (form POST, MD5 signature of account + secret + timestamp)."""

    timeout = 10

    def payload(self, phone: str, text: str) -> dict:
        timestamp = time.strftime("%Y%m%d%H%M%S")
        account, secret = settings.SMS_GATEWAY_ACCOUNT, settings.SMS_GATEWAY_SECRET
        sign = hashlib.md5(f"{account}{secret}{timestamp}".encode()).hexdigest()
        return {
            "account": account,
            "timestamp": timestamp,
            "sign": sign,
            "mobile": phone,
            "content": f"【{settings.SMS_SIGNATURE}】{text}",
        }

    def accepted(self, answer: dict) -> str:
        if str(answer.get("code")) not in {"0", "success"}:
            raise SmsError(f"{answer.get('code')}: {answer.get('msg') or answer.get('message')}")
        return str(answer.get("msgid") or answer.get("taskId") or "")

    def send(self, phone: str, text: str) -> str:
        if not settings.SMS_GATEWAY_URL.startswith("https://"):
            raise SmsError("DJANGO_SMS_GATEWAY_URL must be an https:// address")
        body = urllib.parse.urlencode(self.payload(phone, text)).encode()
        request = urllib.request.Request(settings.SMS_GATEWAY_URL, data=body, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return self.accepted(json.loads(response.read().decode("utf-8")))
        except (OSError, ValueError) as error:
            raise SmsError(str(error)) from error


def backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
