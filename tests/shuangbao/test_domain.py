"""The rules of 双报一领, called the way views, commands and the seed call them."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from branches.models import ReportCycle
from members.models import Category, MemberStatus
from shuangbao.models import CheckIn, CheckInWay, ClaimStatus, Evaluation, Report, TaskClaim, TaskStatus
from shuangbao.periods import Period
from shuangbao.rates import check_in_rates, report_rates, report_rates_by_period, task_stats, total
from shuangbao.rules import current_period, member_status, not_checked_in, report_board
from shuangbao.services import (
    claim_task,
    complete_claim,
    drop_claim,
    evaluate_claim,
    record_check_in,
    record_progress,
    record_report,
    remaining_places,
)
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, TaskFactory
from tests.shuangbao.conftest import check_in, grow_members

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def messages_of(excinfo):
    return {key: " ".join(str(m) for m in value) for key, value in excinfo.value.message_dict.items()}


# --- check-ins ---------------------------------------------------------------------


def test_a_check_in_is_recorded_with_who_recorded_it(alice, secretary1, today):
    record = record_check_in(
        alice,
        branch=alice.branch,
        checked_in_on=today,
        way=CheckInWay.IN_PERSON,
        address="东莞市长安镇",
        user=secretary1,
    )
    assert (record.member, record.recorded_by, record.address) == (alice, secretary1, "东莞市长安镇")


def test_a_check_in_into_another_branch_of_the_committee_moves_the_member_with_history(
    alice, branch2, committee_staff, today
):
    record_check_in(alice, branch=branch2, checked_in_on=today, way=CheckInWay.ONLINE, user=committee_staff)
    alice.refresh_from_db()
    assert alice.branch == branch2
    assert alice.version == 2
    latest = alice.history.latest()
    assert latest.branch_id == branch2.pk and "第二党支部" in latest.history_change_reason
    assert alice.history.earliest().branch_id != branch2.pk


def test_an_older_check_in_into_another_branch_does_not_move_the_member(
    alice, branch1, branch2, committee_staff, today
):
    check_in(alice, today, branch1)
    record_check_in(alice, branch=branch2, checked_in_on=today - 100 * DAY, way="online", user=committee_staff)
    alice.refresh_from_db()
    assert alice.branch == branch1


def test_a_check_in_dated_in_the_future_is_refused_and_nothing_written(alice, secretary1, today):
    with pytest.raises(ValidationError) as excinfo:
        record_check_in(alice, branch=alice.branch, checked_in_on=today + DAY, way="online", user=secretary1)
    assert "日期不能晚于今天" in messages_of(excinfo)["checked_in_on"]
    assert not CheckIn.objects.exists()


def test_a_check_in_into_a_branch_outside_the_users_scope_is_refused(alice, branch2, secretary1, today):
    with pytest.raises(ValidationError) as excinfo:
        record_check_in(alice, branch=branch2, checked_in_on=today, way="online", user=secretary1)
    assert "第二党支部不在您的管辖范围内" in messages_of(excinfo)["branch"]
    alice.refresh_from_db()
    assert not CheckIn.objects.exists() and alice.branch.name == "第一党支部"


def test_a_check_in_cannot_move_a_member_to_another_committee(alice, county_admin, today):
    zhejiang = BranchFactory(committee=CommitteeFactory(region="浙江省"), name="湖州党支部")
    with pytest.raises(ValidationError) as excinfo:
        record_check_in(alice, branch=zhejiang, checked_in_on=today, way="online", user=county_admin)
    assert "属于其他流动党委" in messages_of(excinfo)["branch"]


def test_not_checked_in_means_no_check_in_into_the_current_branch_since_leaving_home(
    alice, branch1, branch2, bob, today
):
    from members.models import Member

    check_in(alice, alice.left_home_on - DAY)  # before this stint away: does not count
    check_in(bob, today - 30 * DAY, branch1)  # into another branch than bob's current one
    MemberFactory(branch=branch1, category=Category.DIRECT)  # direct members do not check in
    MemberFactory(branch=branch1, status=MemberStatus.RETURNED)  # back home
    assert {m.name for m in not_checked_in(Member.objects.all())} == {"王阿丽", "李阿博"}
    check_in(alice, today)
    assert {m.name for m in not_checked_in(Member.objects.all())} == {"李阿博"}


# --- reports and exemptions --------------------------------------------------------


def test_a_report_is_recorded_for_the_current_period(alice, secretary1, today):
    period = current_period(alice.branch.committee, today)
    report = record_report(
        alice,
        period_start=period.start,
        submitted_on=today,
        channel="wechat",
        summary="思想稳定，工作顺利。",
        acknowledged_by="村支书",
        acknowledged_on=today,
        user=secretary1,
    )
    assert (report.period_start, report.recorded_by, report.acknowledged_by) == (period.start, secretary1, "村支书")


def test_a_report_for_a_period_that_has_not_started_is_refused(alice, today):
    upcoming = current_period(alice.branch.committee, today).previous(-1)
    with pytest.raises(ValidationError) as excinfo:
        record_report(alice, period_start=upcoming.start, submitted_on=today, channel="wechat", summary="…")
    assert f"报告期{upcoming.label}尚未开始" in messages_of(excinfo)["period_start"]
    assert not Report.objects.exists()


def test_a_report_dated_in_the_future_or_acknowledged_before_it_was_submitted_is_refused(alice, today):
    period = current_period(alice.branch.committee, today)
    with pytest.raises(ValidationError) as excinfo:
        record_report(alice, period_start=period.start, submitted_on=today + DAY, channel="phone", summary="…")
    assert "日期不能晚于今天" in messages_of(excinfo)["submitted_on"]
    with pytest.raises(ValidationError) as excinfo:
        record_report(
            alice,
            period_start=period.start,
            submitted_on=today,
            channel="phone",
            summary="…",
            acknowledged_by="村支书",
            acknowledged_on=today - DAY,
        )
    assert "签收日期不能早于提交日期" in messages_of(excinfo)["acknowledged_on"]
    assert not Report.objects.exists()


def test_a_second_report_for_the_same_period_and_a_direct_shuangbao_report_are_refused(alice, branch1, today):
    period = current_period(alice.branch.committee, today)
    record_report(alice, period_start=period.start, submitted_on=today, channel="phone", summary="…")
    with pytest.raises(ValidationError) as excinfo:
        record_report(alice, period_start=period.start, submitted_on=today, channel="phone", summary="…")
    assert f"王阿丽已登记{period.label}的报告" in messages_of(excinfo)["period_start"]
    direct = MemberFactory(branch=branch1, category=Category.DIRECT, name="直管张")
    with pytest.raises(ValidationError) as excinfo:
        record_report(direct, period_start=period.start, submitted_on=today, channel="phone", summary="…")
    assert "直管党员" in messages_of(excinfo)["member"]
    assert Report.objects.count() == 1


def test_a_report_must_name_the_first_day_of_a_period(alice, today):
    with pytest.raises(ValidationError) as excinfo:
        record_report(alice, period_start=datetime.date(2026, 8, 15), submitted_on=today, channel="phone", summary="…")
    assert "不是报告期的第一天" in messages_of(excinfo)["period_start"]


@pytest.fixture
def q3(committee):
    committee.report_cycle = ReportCycle.QUARTERLY
    committee.save()
    return Period(datetime.date(2026, 7, 1), ReportCycle.QUARTERLY)  # cut-off 2026-08-31


def board_status(member, period):
    from members.models import Member

    return report_board(Member.objects.filter(pk=member.pk), period).get().report_status


def test_newcomers_after_the_cut_off_are_exempt_and_those_before_it_are_due(branch1, q3):
    joined_late = MemberFactory(branch=branch1, joined_party_on=datetime.date(2026, 9, 1), full_member_on=None)
    joined_in_time = MemberFactory(branch=branch1, joined_party_on=datetime.date(2026, 8, 31), full_member_on=None)
    returned = MemberFactory(branch=branch1, status=MemberStatus.RETURNED)
    assert board_status(joined_late, q3) == board_status(returned, q3) == "exempt"
    assert board_status(joined_in_time, q3) == "overdue"


# Q3 2026: cut-off 2026-08-31, last month September.
@pytest.mark.parametrize(
    ("left_home_on", "check_ins", "status"),
    [
        (datetime.date(2026, 8, 31), [], "overdue"),  # left on the cut-off day: due this period
        (datetime.date(2026, 9, 1), [], "exempt"),  # the day after: a newcomer of the last month
        (datetime.date(2026, 9, 1), [datetime.date(2026, 9, 2)], "exempt"),  # ... checked in or not
        (datetime.date(2015, 3, 1), [datetime.date(2026, 9, 5)], "overdue"),  # left in 2015, checked in late
        (datetime.date(2015, 3, 1), [datetime.date(2026, 8, 20), datetime.date(2026, 9, 20)], "overdue"),
        (datetime.date(2015, 3, 1), [], "overdue"),  # never checked in: the report is owed all the same
        (None, [], "overdue"),  # no departure date: away since before any period
        (None, [datetime.date(2026, 9, 30)], "overdue"),
    ],
    ids=[
        "left-on-the-cut-off",
        "left-the-day-after",
        "left-the-day-after-and-checked-in",
        "left-2015-checked-in-late",
        "left-2015-checked-in-twice",
        "left-2015-never-checked-in",
        "no-departure-date",
        "no-departure-date-checked-in-late",
    ],
)
def test_the_duty_to_report_runs_from_leaving_home_not_from_the_check_in(branch1, q3, left_home_on, check_ins, status):
    member = MemberFactory(branch=branch1, left_home_on=left_home_on)
    for day in check_ins:
        check_in(member, day)
    assert board_status(member, q3) == status
    rate = report_rates([branch1], q3)[branch1.pk]  # the SQL rates say the same
    assert (rate.due, rate.exempt) == ((1, 0) if status == "overdue" else (0, 1))


@pytest.mark.time_machine("2026-12-02 10:00 +0800", tick=False)  # Q4's last month, after its cut-off (11-30)
def test_a_member_who_left_in_2015_and_checks_in_this_month_owes_this_quarters_report(alice, secretary1):
    assert alice.left_home_on == datetime.date(2015, 3, 1)
    record_check_in(alice, branch=alice.branch, checked_in_on=timezone.localdate(), way="online", user=secretary1)
    record = member_status(alice)
    assert record.period == Period(datetime.date(2026, 10, 1), ReportCycle.QUARTERLY)
    assert record.line.startswith("已报到 · 本期未报告")


def test_report_rates_count_due_reported_on_time_and_exempt_per_branch_in_one_query(
    branch1, branch2, q3, django_assert_num_queries
):
    from tests.shuangbao.conftest import report

    on_time, late, silent = (MemberFactory(branch=branch1) for _ in range(3))
    report(on_time, q3.start, datetime.date(2026, 9, 30))
    report(late, q3.start, datetime.date(2026, 10, 8))
    MemberFactory(branch=branch1, left_home_on=datetime.date(2026, 9, 15))  # exempt
    MemberFactory(branch=branch1, category=Category.DIRECT)  # not counted at all
    with django_assert_num_queries(1):  # one grouped SELECT over the members
        rates = report_rates([branch1, branch2], q3)
    rate = rates[branch1.pk]
    assert (rate.due, rate.reported, rate.on_time, rate.exempt, rate.overdue) == (3, 2, 1, 1, 1)
    assert (rate.rate, rate.on_time_rate) == (66.7, 33.3)
    assert rates[branch2.pk].rate is None  # nobody due: "—", not 0 %
    assert silent.reports.count() == 0
    # 5 members so far; at 500, still the one SELECT.
    grow_members([branch1, branch2], 500, report_for=q3.start)
    with django_assert_num_queries(1):
        rates = report_rates([branch1, branch2], q3)
    assert rates[branch1.pk].due + rates[branch2.pk].due == 500 - 2  # the exempt and the direct member


def test_the_last_four_periods_come_from_one_query(branch1, q3, django_assert_num_queries):
    from tests.shuangbao.conftest import report

    member = MemberFactory(branch=branch1)
    report(member, q3.start, datetime.date(2026, 7, 5))
    grow_members([branch1], 5)  # 4 more, who did not report
    with django_assert_num_queries(1):
        rates = report_rates_by_period([branch1], q3.recent(4))[branch1.pk]
    assert [r.on_time_rate for r in rates] == [20.0, 0.0, 0.0, 0.0]
    grow_members([branch1], 500, report_for=q3.start)
    with django_assert_num_queries(1):
        rates = report_rates_by_period([branch1], q3.recent(4))[branch1.pk]
    assert [r.on_time_rate for r in rates][1:] == [0.0, 0.0, 0.0]


def test_check_in_rates_and_the_committee_total(alice, bob, branch1, branch2, today):
    check_in(alice, today)
    MemberFactory(branch=branch1)
    rates = check_in_rates([branch1, branch2])
    assert (rates[branch1.pk].checked_in, rates[branch1.pk].members, rates[branch1.pk].rate) == (1, 2, 50.0)
    committee = total(rates.values())
    assert (committee.checked_in, committee.members, committee.not_checked_in) == (1, 3, 2)


def test_check_in_rates_take_one_query_for_5_members_or_500(branch1, branch2, today, django_assert_num_queries):
    grow_members([branch1, branch2], 5, checked_in_on=today)
    with django_assert_num_queries(1):
        check_in_rates([branch1, branch2])
    grow_members([branch1, branch2], 500, checked_in_on=today)
    with django_assert_num_queries(1):
        rates = check_in_rates([branch1, branch2])
    assert total(rates.values()).checked_in == 500


# --- tasks and claims --------------------------------------------------------------


def test_claims_fill_the_task_and_a_full_task_is_refused(task, alice, branch1, branch2):
    claim_task(task, alice)
    claim_task(task, MemberFactory(branch=branch2))
    with pytest.raises(ValidationError) as excinfo:
        claim_task(task, MemberFactory(branch=branch1))
    assert "2个名额已满" in messages_of(excinfo)[NON_FIELD_ERRORS]
    assert task.claims.count() == 2


def test_a_dropped_claim_gives_its_place_back(task, alice, branch1):
    claim = claim_task(task, alice)
    claim_task(task, MemberFactory(branch=branch1))
    drop_claim(claim, "工作调动")
    assert remaining_places(task) == 1
    claim_task(task, MemberFactory(branch=branch1))


def test_a_member_cannot_claim_the_same_task_twice(task, alice):
    claim_task(task, alice)
    with pytest.raises(ValidationError) as excinfo:
        claim_task(task, alice)
    assert "该党员已认领过此任务" in messages_of(excinfo)["member"]


def test_a_closed_or_past_due_task_takes_no_claims(task, alice, today):
    task.status = TaskStatus.CLOSED
    task.save()
    with pytest.raises(ValidationError) as excinfo:
        claim_task(task, alice)
    assert "不能再认领" in messages_of(excinfo)[NON_FIELD_ERRORS]
    task.status, task.opens_on, task.due_on = TaskStatus.OPEN, today - 20 * DAY, today - DAY
    task.save()
    with pytest.raises(ValidationError) as excinfo:
        claim_task(task, alice)
    assert "截止" in messages_of(excinfo)[NON_FIELD_ERRORS]
    assert not TaskClaim.objects.exists()


def test_a_branch_task_is_for_that_branchs_members_only(committee, branch1, bob, today):
    branch_task = TaskFactory(committee=committee, branch=branch1, opens_on=today, due_on=today + DAY)
    with pytest.raises(ValidationError) as excinfo:
        claim_task(branch_task, bob)
    assert "不是发布该任务的第一党支部的党员" in messages_of(excinfo)["member"]


def test_a_claim_goes_through_progress_completion_and_evaluation(task, alice, today):
    claim = claim_task(task, alice)
    claim = record_progress(claim, "已联系三家企业", today=today)
    assert claim.status == ClaimStatus.IN_PROGRESS and claim.progress_notes == f"{today:%Y-%m-%d} 已联系三家企业"
    with pytest.raises(ValidationError) as excinfo:
        evaluate_claim(claim, Evaluation.GOOD)
    assert "只有已完成的任务才能评价" in messages_of(excinfo)["evaluation"]
    claim = complete_claim(claim, result="推荐就业5人", completed_on=today)
    claim = evaluate_claim(claim, Evaluation.EXCELLENT)
    claim.refresh_from_db()
    assert (claim.status, claim.evaluation, claim.result) == (ClaimStatus.DONE, "excellent", "推荐就业5人")
    assert claim.history.count() == 4  # claimed, progress, done, evaluated
    with pytest.raises(ValidationError) as excinfo:
        drop_claim(claim, "不想做了")
    assert "已是“已完成”状态" in messages_of(excinfo)["reason"]


def test_completion_needs_a_result_and_a_date_after_the_claim(task, alice, today):
    claim = claim_task(task, alice)
    with pytest.raises(ValidationError) as excinfo:
        complete_claim(claim, result=" ", completed_on=today - 30 * DAY)
    errors = messages_of(excinfo)
    assert "请填写任务完成结果" in errors["result"] and "完成日期不能早于认领日期" in errors["completed_on"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLAIMED


def test_task_stats_count_held_done_and_overdue_claims(committee, branch1, branch2, alice, today):
    past_due = TaskFactory(committee=committee, opens_on=today - 60 * DAY, due_on=today - DAY, capacity=5)
    TaskClaim.objects.create(task=past_due, member=alice, claimed_on=today - 50 * DAY)  # overdue
    TaskClaim.objects.create(
        task=past_due, member=MemberFactory(branch=branch1), claimed_on=today - 50 * DAY, status=ClaimStatus.DONE
    )
    TaskClaim.objects.create(
        task=past_due, member=MemberFactory(branch=branch1), claimed_on=today - 50 * DAY, status=ClaimStatus.DROPPED
    )
    stats = task_stats([branch1, branch2])
    assert (stats[branch1.pk].claimed, stats[branch1.pk].done, stats[branch1.pk].overdue) == (2, 1, 1)
    assert stats[branch2.pk].claimed == 0


# --- one member's status line --------------------------------------------------------


def test_the_status_line_follows_check_in_report_and_claims(alice, task, today):
    assert member_status(alice, today).line == "未报到 · 本期未报告 · 未领任务"
    record_check_in(alice, branch=alice.branch, checked_in_on=today, way="online")
    period = current_period(alice.branch.committee, today)
    record_report(alice, period_start=period.start, submitted_on=today, channel="wechat", summary="…")
    claim = claim_task(task, alice)
    second = TaskFactory(committee=task.committee, opens_on=today, due_on=today + DAY)
    claim_task(second, alice)
    complete_claim(claim, result="完成", completed_on=today)
    record = member_status(alice, today)
    assert record.line == "已报到 · 本期已报告 · 领任务 2 项（完成 1）"
    assert [entry.kind for entry in record.timeline].count("claim") == 2
    assert {entry.kind for entry in record.timeline} == {"check_in", "report", "claim", "done"}


def test_a_direct_members_status_line_has_no_check_in_or_report(branch1, today):
    direct = MemberFactory(branch=branch1, category=Category.DIRECT)
    assert member_status(direct, today).line == "直管党员 · 未领任务"
