"""A member sees /me/ only: their own file, check-in, report, tasks, dues, notices."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from shuangbao.models import CheckIn, CheckInStatus, Report, TaskClaim
from tests.factories import MemberFactory, TaskFactory, member_account

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/members/", "/shuangbao/check-ins/", "/admin/", "/accounts/users/", "/notices/", "/dues/", "/village/"],
)
def test_every_page_outside_me_is_a_404_to_a_member(as_member, url):
    assert as_member.get(url).status_code == 404


def test_the_dashboard_sends_a_member_on_to_me(as_member):
    response = as_member.get("/")
    assert response.status_code == 302 and response.url == "/me/"


def test_staff_get_a_403_on_the_member_pages(client, secretary2):
    client.force_login(secretary2, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("selfservice:home")).status_code == 403


def test_a_file_no_longer_on_the_roll_opens_no_self_service_page(as_member, carol):
    carol.status = "transferred"
    carol.save()
    assert as_member.get(reverse("selfservice:home")).status_code == 403


def test_my_file_shows_the_id_number_masked(as_member, carol):
    body = as_member.get(reverse("selfservice:file")).content.decode()
    assert carol.id_number not in body
    assert f"{carol.id_number[:6]}********{carol.id_number[-4:]}" in body


def test_the_branch_qr_link_fills_in_the_branch_and_the_way(as_member, branch1):
    response = as_member.get(reverse("selfservice:check_in") + f"?branch={branch1.pk}&way=qr_link")
    form = response.context["form"]
    assert form["branch"].value() == branch1.pk and form["way"].value() == "qr_link"


def test_a_self_check_in_waits_for_the_secretary_and_a_second_one_the_same_day_is_refused(as_member, carol, branch2):
    data = {"branch": branch2.pk, "way": "qr_link", "address": "深圳市南山区", "employer": "华为"}
    assert as_member.post(reverse("selfservice:check_in"), data).status_code == 302
    check_in = CheckIn.objects.get(member=carol)
    assert check_in.status == CheckInStatus.PENDING and f"{check_in.checked_in_on}" == "2027-05-19"
    response = as_member.post(reverse("selfservice:check_in"), data)
    assert response.status_code == 400
    assert "今天已经报到" in response.content.decode()
    assert CheckIn.objects.filter(member=carol).count() == 1


def test_a_branch_of_another_committee_is_refused(as_member, carol):
    from tests.factories import BranchFactory

    elsewhere = BranchFactory(name="湖州党支部")
    response = as_member.post(reverse("selfservice:check_in"), {"branch": elsewhere.pk, "way": "online"})
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_the_report_of_this_period_goes_home_and_another_period_is_refused(as_member, carol):
    response = as_member.post(reverse("selfservice:report"), {"period_start": "2027-01-01", "summary": "思想汇报"})
    assert response.status_code == 400
    assert "未开放" in response.content.decode()
    assert not Report.objects.exists()
    response = as_member.post(reverse("selfservice:report"), {"period_start": "2027-04-01", "summary": "思想汇报"})
    assert response.status_code == 302
    report = Report.objects.get(member=carol)
    assert f"{report.period_start}" == "2027-04-01" and report.acknowledged_on is None
    response = as_member.post(reverse("selfservice:report"), {"period_start": "2027-04-01", "summary": "再报一次"})
    assert Report.objects.filter(member=carol).count() == 1


def test_tasks_with_places_left_are_claimed_progressed_and_done(as_member, carol, committee, branch1, branch2):
    import datetime

    opens, due = datetime.date(2027, 5, 1), datetime.date(2027, 6, 30)
    mine = TaskFactory(committee=committee, branch=branch2, title="就业帮扶", opens_on=opens, due_on=due, capacity=1)
    TaskFactory(committee=committee, branch=branch1, title="一支部的任务", opens_on=opens, due_on=due)
    full = TaskFactory(committee=committee, title="已满的任务", opens_on=opens, due_on=due, capacity=1)
    TaskClaim.objects.create(task=full, member=MemberFactory(branch=branch2), claimed_on=opens)
    body = as_member.get(reverse("selfservice:tasks")).content.decode()
    assert "就业帮扶" in body and "一支部的任务" not in body and "已满的任务" not in body
    response = as_member.post(reverse("selfservice:task_claim", args=[mine.pk]))
    claim = TaskClaim.objects.get(member=carol)
    assert response.url == reverse("selfservice:claim", args=[claim.pk])
    as_member.post(reverse("selfservice:claim", args=[claim.pk]), {"action": "progress", "note": "联系了三家企业"})
    as_member.post(
        reverse("selfservice:claim", args=[claim.pk]),
        {"action": "complete", "result": "推荐两人就业", "completed_on": "2027-05-19"},
    )
    claim.refresh_from_db()
    assert claim.status == "done" and "联系了三家企业" in claim.progress_notes
    # The task's one place is now taken: another member's claim is refused, in Chinese.
    other = MemberFactory(branch=branch2, phone="13700000001")
    as_member.force_login(member_account(other), backend="django.contrib.auth.backends.ModelBackend")
    response = as_member.post(reverse("selfservice:task_claim", args=[mine.pk]), follow=True)
    assert "名额已满" in response.content.decode()
    assert TaskClaim.objects.filter(task=mine).count() == 1


def test_a_closed_task_is_refused_in_chinese_and_another_branchs_is_a_404(as_member, committee, branch1, branch2):
    import datetime

    dates = {"opens_on": datetime.date(2027, 5, 1), "due_on": datetime.date(2027, 6, 30)}
    closed = TaskFactory(committee=committee, branch=branch2, status="closed", **dates)
    response = as_member.post(reverse("selfservice:task_claim", args=[closed.pk]), follow=True)
    assert "不能再认领" in response.content.decode()
    elsewhere = TaskFactory(committee=committee, branch=branch1, **dates)
    assert as_member.post(reverse("selfservice:task_claim", args=[elsewhere.pk])).status_code == 404
    assert not TaskClaim.objects.exists()


def test_another_members_claim_is_a_404(as_member, committee, branch2):
    import datetime

    task = TaskFactory(committee=committee, opens_on=datetime.date(2027, 5, 1), due_on=datetime.date(2027, 6, 30))
    claim = TaskClaim.objects.create(task=task, member=MemberFactory(branch=branch2), claimed_on=task.opens_on)
    assert as_member.get(reverse("selfservice:claim", args=[claim.pk])).status_code == 404


def test_my_dues_without_a_standard_says_so(as_member):
    assert "尚未" in as_member.get(reverse("selfservice:dues")).content.decode()


def test_the_task_page_counts_the_same_queries_for_5_tasks_as_for_35(as_member, django_assert_num_queries, committee):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dates = {"opens_on": datetime.date(2027, 5, 1), "due_on": datetime.date(2027, 6, 30)}
    TaskFactory.create_batch(5, committee=committee, **dates)
    with CaptureQueriesContext(connection) as five:
        as_member.get(reverse("selfservice:tasks"))
    TaskFactory.create_batch(30, committee=committee, **dates)
    # session, user, scope + member, the open tasks, my claims: whatever the number of tasks
    with django_assert_num_queries(len(five.captured_queries)):
        as_member.get(reverse("selfservice:tasks"))


def test_my_reminders_are_on_my_notices_page_and_read_once_shown(as_member, carol_user, dave):
    mine = Notification.objects.create(user=carol_user, kind="report_overdue", title="本期报告尚未提交")
    Notification.objects.create(user=member_account(dave), kind="report_overdue", title="刘阿德的提醒")
    page = as_member.get(reverse("selfservice:notices")).content.decode()
    reminders = page[page.index('id="my-reminders"') :]
    assert "本期报告尚未提交" in reminders and "刘阿德的提醒" not in reminders
    mine.refresh_from_db()
    assert mine.read_at is not None
