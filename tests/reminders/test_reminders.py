"""The daily reminder job: what is due, to whom, once; quiet hours; the command."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from notifications import sms
from notifications.models import Channel, ChannelSettings, Delivery, DeliveryStatus, Notification
from reminders.job import run
from shuangbao.models import CheckIn, Report
from shuangbao.services import claim_task
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# A Tuesday in the first quarter of 2027: the report of 2026's fourth quarter is overdue.
MORNING = datetime.datetime(2027, 3, 2, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()


@pytest.fixture
def county(committee, branch1, alice, secretary1, committee_staff):
    """Alice (branch 1, left home in 2015) has never checked in nor reported; her branch's
    secretary has a phone for SMS."""
    ChannelSettings.objects.create(user=secretary1, phone="13911110001")
    alice.phone = "13800000001"
    alice.save()
    return alice


def sms_to(phone):
    return [text for to, text in sms.outbox if to == phone]


def test_a_member_is_reminded_by_sms_and_the_secretary_gets_a_digest(county, secretary1, committee_staff):
    with time_machine.travel(MORNING, tick=False):
        result = run()
    assert result["members"] == {"not_checked_in": 1, "report_overdue": 1}
    texts = sms_to("13800000001")
    assert any("请到第一党支部报到" in text for text in texts)
    assert any("2026年第4季度" in text and "逾期未交" in text for text in texts)
    digest = Notification.objects.get(user=secretary1)
    assert digest.title == "2027-03-02 待办"
    assert "超过报到期限未报到 1" in digest.body and "上期报告逾期未交 1" in digest.body
    assert digest.url == "/"
    assert sms_to("13911110001") == [f"2027-03-02 待办：{digest.body}"]
    # Committee staff see the same, summed over their branches.
    assert "超过报到期限未报到 1" in Notification.objects.get(user=committee_staff).body


def test_running_twice_or_after_a_crash_sends_nothing_twice(county, secretary1):
    with time_machine.travel(MORNING, tick=False):
        run()
        sent = len(sms.outbox)
        second = run()
    assert second["new"] == {} and len(sms.outbox) == sent
    assert Notification.objects.filter(user=secretary1).count() == 1
    # A crash after the rows were written and before they went out: the next run sends them, once.
    Delivery.objects.filter(channel=Channel.SMS, status=DeliveryStatus.SENT).update(status=DeliveryStatus.PENDING)
    sms.outbox.clear()
    with time_machine.travel(MORNING + datetime.timedelta(minutes=5), tick=False):
        run()
        run()
    assert len(sms.outbox) == sent


def test_the_next_day_the_secretary_gets_a_new_digest_but_the_member_no_second_sms(county, secretary1):
    with time_machine.travel(MORNING, tick=False):
        run()
    with time_machine.travel(MORNING + datetime.timedelta(days=1), tick=False):
        result = run()
    assert result["new"].get(("todo", Channel.APP)) == 2  # secretary and committee staff
    assert result["new"].get(("report_overdue", Channel.SMS)) is None  # once per period
    assert Notification.objects.filter(user=secretary1).count() == 2


def test_a_member_who_checked_in_and_reported_is_not_reminded(county, branch1):
    CheckIn.objects.create(member=county, branch=branch1, checked_in_on=datetime.date(2026, 5, 1))
    Report.objects.create(
        member=county, period_start=datetime.date(2026, 10, 1), submitted_on=datetime.date(2026, 11, 2), summary="汇报"
    )
    with time_machine.travel(MORNING, tick=False):
        result = run()
    assert result["members"] == {}
    assert sms_to("13800000001") == []


def test_a_claim_due_within_7_days_and_again_when_overdue(county, committee):
    task = TaskFactory(committee=committee, title="春季招聘会志愿者", due_on=datetime.date(2027, 3, 9))
    claim_task(task, county, claimed_on=datetime.date(2027, 2, 1), today=datetime.date(2027, 3, 1))
    with time_machine.travel(MORNING, tick=False):
        run()
    assert sms_to("13800000001").count("任务将于 2027-03-09 到期：春季招聘会志愿者") == 1
    with time_machine.travel(MORNING + datetime.timedelta(days=3), tick=False):
        run()
    assert sms_to("13800000001").count("任务将于 2027-03-09 到期：春季招聘会志愿者") == 1
    with time_machine.travel(MORNING + datetime.timedelta(days=8), tick=False):
        run()
    assert "任务已逾期：春季招聘会志愿者" in sms_to("13800000001")


def test_in_quiet_hours_the_app_shows_at_once_and_sms_waits_for_a_task_at_8(county, secretary1):
    evening = datetime.datetime(2027, 3, 2, 22, 30, tzinfo=SHANGHAI)
    with time_machine.travel(evening, tick=False):
        result = run()
    assert sms.outbox == []
    assert Notification.objects.filter(user=secretary1).count() == 1
    assert result["deferred"] == datetime.datetime(2027, 3, 3, 8, 0, tzinfo=SHANGHAI)
    task = DBTaskResult.objects.get(task_path="notifications.tasks.dispatch_deliveries")
    assert task.run_after == datetime.datetime(2027, 3, 3, 8, 0, tzinfo=SHANGHAI)
    from tests.jobs.helpers import run_queued

    with time_machine.travel(datetime.datetime(2027, 3, 3, 8, 0, 5, tzinfo=SHANGHAI), tick=False):
        run_queued()
    assert sms_to("13800000001") and sms_to("13911110001")


def test_the_command_prints_counts_per_kind_in_chinese_and_the_dry_run_writes_nothing(county):
    out = StringIO()
    with time_machine.travel(MORNING, tick=False):
        call_command("send_reminders", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "试运行" in text
    assert "超过报到期限未报到：应提醒 1 人，新短信 1 条" in text
    assert "报告逾期" in text
    assert not Delivery.objects.exists() and sms.outbox == []
    out = StringIO()
    with time_machine.travel(MORNING, tick=False):
        call_command("send_reminders", stdout=out)
    assert "已发送" in out.getvalue() and Delivery.objects.exists()


def test_the_job_runs_as_a_task_and_can_queue_its_next_run(county):
    from reminders.tasks import send_reminders_task
    from tests.jobs.helpers import run_queued

    with time_machine.travel(MORNING, tick=False):
        send_reminders_task.enqueue(reschedule=True)
        [done] = run_queued()
    assert done.return_value["members"] == {"not_checked_in": 1, "report_overdue": 1}
    following = DBTaskResult.objects.get(status="READY")
    assert following.run_after == datetime.datetime(2027, 3, 3, 8, 30, tzinfo=SHANGHAI)


def test_a_member_is_reminded_once_however_many_committees_share_the_report_cycle(county):
    from tests.factories import CommitteeFactory

    CommitteeFactory(name="中共安仁县驻浙江地区流动委员会", short_name="驻浙江流动党委")
    with time_machine.travel(MORNING, tick=False):
        result = run()
    assert result["members"]["report_overdue"] == 1
    assert len([t for t in sms_to("13800000001") if "逾期未交" in t]) == 1


def test_a_member_with_an_account_is_also_reminded_in_the_app(county, secretary1):
    """Once member accounts exist (``Member.account``, the self-service half of issue 21),
    the reminder goes to the account's user in the app as well as by SMS."""
    from types import SimpleNamespace

    from notifications.services import notify
    from reminders.members import Due, message

    with_account = SimpleNamespace(name=county.name, phone=county.phone, account=SimpleNamespace(user=secretary1))
    due = Due("report_overdue", with_account, f"member:{county.pk}", "2026-10-01", "您2026年第4季度的报告逾期未交")
    assert message(due).channels == (Channel.APP, Channel.SMS)
    with time_machine.travel(MORNING, tick=False):
        notify(message(due))
    assert Notification.objects.get(user=secretary1).title == "您2026年第4季度的报告逾期未交"
    # Without an account: SMS only.
    assert message(Due("report_overdue", county, "member:1", "2026-10-01", "x")).channels == (Channel.SMS,)
