"""On the demo data, the dry run finds something of every member kind to remind."""

from io import StringIO

import pytest
from django.core.management import call_command

from notifications.models import Channel, Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_reminders_sent_yesterday_in_the_log(demo):
    sent = Delivery.objects.filter(status=DeliveryStatus.SENT)
    assert sent.filter(channel=Channel.SMS, kind="report_overdue").exists()
    assert sent.filter(channel=Channel.APP, kind="todo", user__username="branch2").exists()


def test_the_dry_run_on_the_demo_prints_non_zero_counts_per_kind(demo):
    logged = Delivery.objects.count()
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    text = out.getvalue()
    for label in ("超过报到期限未报到", "报告逾期", "领办任务临期或逾期", "党费欠缴"):
        line = next(line for line in text.splitlines() if line.strip().startswith(label))
        assert "应提醒 0 人" not in line, line
    assert "待办提醒：新系统内通知 0 条" not in text
    assert Delivery.objects.count() == logged
