"""Notifications: the bell, the list, channels, opt-outs, quiet hours, the delivery log."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications import sms
from notifications.models import Channel, ChannelSettings, Delivery, DeliveryStatus, Notification
from notifications.quiet import next_allowed
from notifications.services import Message, dispatch_due, notify, notify_many

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()


def at(text):
    """An aware time in Anren (UTC+8)."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def to(user, key="k1", **kwargs):
    return Message(kind="test", title="请于本周报到", recipient="王书记", user=user, key=key, **kwargs)


def test_a_message_appears_in_the_app_and_goes_out_by_email_and_sms(secretary1):
    secretary1.email = "wang@example.cn"
    secretary1.save()
    ChannelSettings.objects.create(user=secretary1, phone="13912345678")
    notify(to(secretary1), now=at("2027-03-02 10:00"))
    assert Notification.objects.get(user=secretary1).title == "请于本周报到"
    dispatch_due(now=at("2027-03-02 10:00"))
    assert [m.to for m in mail.outbox] == [["wang@example.cn"]]
    assert sms.outbox == [("13912345678", "请于本周报到")]
    log = {d.channel: (d.status, d.address) for d in Delivery.objects.all()}
    assert log == {
        Channel.APP: (DeliveryStatus.SENT, ""),
        Channel.EMAIL: (DeliveryStatus.SENT, "wang@example.cn"),
        Channel.SMS: (DeliveryStatus.SENT, "13912345678"),
    }


def test_the_same_key_twice_sends_nothing_twice(secretary1):
    ChannelSettings.objects.create(user=secretary1, phone="13912345678")
    now = at("2027-03-02 10:00")
    first = notify(to(secretary1), now=now)
    dispatch_due(now=now)
    second = notify(to(secretary1), now=now)
    dispatch_due(now=now)
    assert first[("test", Channel.SMS)] == 1 and second == {}
    assert len(sms.outbox) == 1 and Notification.objects.count() == 1


def test_the_unique_constraint_holds_even_without_the_first_check(secretary1):
    """Two runs at once: the insert of the second skips the rows the first wrote."""
    from django.db import IntegrityError, transaction

    notify(to(secretary1), now=at("2027-03-02 10:00"))
    row = Delivery.objects.get(channel=Channel.APP)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            channel=Channel.APP,
            recipient="x",
            kind="test",
            title="x",
            dedup_key=row.dedup_key,
            not_before=timezone.now(),
        )


def test_an_opted_out_channel_is_logged_and_not_sent(secretary1):
    secretary1.email = "wang@example.cn"
    secretary1.save()
    ChannelSettings.objects.create(user=secretary1, phone="13912345678", email_enabled=False, sms_enabled=False)
    notify(to(secretary1), now=at("2027-03-02 10:00"))
    dispatch_due(now=at("2027-03-02 10:00"))
    assert mail.outbox == [] and sms.outbox == []
    assert set(Delivery.objects.exclude(channel=Channel.APP).values_list("status", flat=True)) == {
        DeliveryStatus.OPTED_OUT
    }
    assert Notification.objects.filter(user=secretary1).count() == 1  # the app is always on


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        ("2027-03-02 20:59", "2027-03-02 20:59"),
        ("2027-03-02 21:00", "2027-03-03 08:00"),
        ("2027-03-02 23:30", "2027-03-03 08:00"),
        ("2027-03-03 00:10", "2027-03-03 08:00"),
        ("2027-03-03 07:59", "2027-03-03 08:00"),
        ("2027-03-03 08:00", "2027-03-03 08:00"),
        ("2028-02-28 22:00", "2028-02-29 08:00"),  # leap day
        ("2027-12-31 23:00", "2028-01-01 08:00"),  # year end
    ],
)
def test_quiet_hours_run_from_21_to_8(now, allowed):
    assert next_allowed(at(now)) == at(allowed)


def test_a_message_in_quiet_hours_waits_for_the_morning_and_is_not_dropped():
    phone_only = Message(
        kind="test", title="报告提醒", recipient="李阿博", phone="13700001111", key="m1", channels=(Channel.SMS,)
    )
    notify_many([phone_only], now=at("2027-03-02 22:30"))
    assert dispatch_due(now=at("2027-03-02 23:00")) == {"sent": 0, "failed": 0}
    assert sms.outbox == []
    assert Delivery.objects.get().not_before == at("2027-03-03 08:00")
    assert dispatch_due(now=at("2027-03-03 08:00")) == {"sent": 1, "failed": 0}
    assert sms.outbox == [("13700001111", "报告提醒")]


def test_a_failing_gateway_is_logged_on_the_row_and_the_others_go_out(settings, secretary1):
    settings.SMS_BACKEND = "notifications.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = "http://not-https.invalid/"  # refused before any connection
    ChannelSettings.objects.create(user=secretary1, phone="13912345678")
    secretary1.email = "wang@example.cn"
    secretary1.save()
    notify(to(secretary1), now=at("2027-03-02 10:00"))
    assert dispatch_due(now=at("2027-03-02 10:00")) == {"sent": 1, "failed": 1}
    failed = Delivery.objects.get(channel=Channel.SMS)
    assert failed.status == DeliveryStatus.FAILED and "https" in failed.error
    assert len(mail.outbox) == 1


def test_the_http_gateway_signs_its_request_and_reads_the_answer(settings):
    settings.SMS_GATEWAY_ACCOUNT, settings.SMS_GATEWAY_SECRET, settings.SMS_SIGNATURE = (
        "anren",
        "s3cret",
        "安仁县委组织部",
    )
    backend = sms.HttpGatewayBackend()
    with time_machine.travel(at("2027-03-02 10:00"), tick=False):
        payload = backend.payload("13912345678", "请报到")
    import hashlib

    assert payload["sign"] == hashlib.md5(b"anrens3cret" + payload["timestamp"].encode()).hexdigest()
    assert payload["content"] == "【安仁县委组织部】请报到" and payload["mobile"] == "13912345678"
    assert backend.accepted({"code": 0, "msgid": "m-1"}) == "m-1"
    with pytest.raises(sms.SmsError):
        backend.accepted({"code": 4001, "msg": "签名错误"})


def test_the_bell_counts_only_ones_own_unread_notifications(client_for, secretary1, secretary2):
    notify(to(secretary1, key="a", channels=(Channel.APP,)))
    notify(to(secretary1, key="b", channels=(Channel.APP,)))
    notify(to(secretary2, key="c", channels=(Channel.APP,)))
    client = client_for(secretary1)
    assert client.get("/notifications/bell/").json() == {"unread": 2}
    page = client.get("/").content.decode()
    assert 'id="notification-bell"' in page and "/static/js/notifications.js" in page


def test_the_list_marks_one_read_and_follows_its_link_and_marks_all(client_for, secretary1, secretary2):
    notify(to(secretary1, key="a", url="/shuangbao/reports/", channels=(Channel.APP,)))
    notify(to(secretary1, key="b", channels=(Channel.APP,)))
    other = notify(to(secretary2, key="c", channels=(Channel.APP,)))
    assert other
    client = client_for(secretary1)
    page = client.get("/notifications/").content.decode()
    assert "请于本周报到" in page and "2 条未读" in page
    first = Notification.objects.get(user=secretary1, url="/shuangbao/reports/")
    response = client.post(f"/notifications/{first.pk}/read/")
    assert response.status_code == 302 and response.url == "/shuangbao/reports/"
    assert client.get("/notifications/bell/").json() == {"unread": 1}
    # Another user's notification: nothing happens to it.
    theirs = Notification.objects.get(user=secretary2)
    client.post(f"/notifications/{theirs.pk}/read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post("/notifications/read-all/")
    assert client.get("/notifications/bell/").json() == {"unread": 0}
    assert "1 条未读" not in client.get("/notifications/?state=unread").content.decode()


def test_the_personal_centre_sets_the_channels_and_refuses_a_bad_phone(client_for, secretary1):
    client = client_for(secretary1)
    assert "通知接收设置" in client.get("/accounts/centre/").content.decode()
    response = client.post("/notifications/settings/", {"email_enabled": "on", "phone": "1234"})
    assert "手机号码为11位数字" in response.content.decode()
    assert not ChannelSettings.objects.exists()
    client.post("/notifications/settings/", {"email_enabled": "on", "phone": "139 1234 5678"})
    settings_row = ChannelSettings.objects.get(user=secretary1)
    assert (settings_row.email_enabled, settings_row.sms_enabled, settings_row.phone) == (True, False, "13912345678")
