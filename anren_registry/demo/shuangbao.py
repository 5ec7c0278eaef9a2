"""双报一领: check-ins, the current and four past report periods, tasks and claims."""

import datetime

from simple_history.utils import bulk_create_with_history

from branches.models import Task, TaskCategory, TaskStatus
from members.models import (
    Category,
    CheckIn,
    CheckInWay,
    ClaimStatus,
    Evaluation,
    Member,
    Report,
    ReportChannel,
    TaskClaim,
)
from members.periods import period_end, recent_periods

REPORT_SUMMARIES = [
    "本季度认真学习党的理论，按时参加支部组织生活，工作上积极带头，生活稳定。",
    "在企业担任班组长，带领工友完成生产任务；参加线上学习，思想上无波动。",
    "学习贯彻上级会议精神，向家乡党支部汇报务工情况，愿为家乡建设出力。",
    "工作调整到新厂区，已向支部报到；参加主题党日活动，家庭情况良好。",
]

TASKS = [
    ("收集在粤安仁籍企业投资意向", TaskCategory.INVESTMENT_LEAD, 20),
    ("结对帮扶贫困户走访", TaskCategory.POVERTY_RELIEF, 30),
    ("为家乡劳动力推荐就业岗位", TaskCategory.JOB_REFERRAL, 40),
    ("秋季开学留守子女助学", TaskCategory.EDUCATION_AID, 25),
    ("乡村振兴项目对接", TaskCategory.RURAL_REVITALISATION, 15),
    ("疫情防控物资筹集", TaskCategory.EPIDEMIC, 30),
    ("社区志愿服务", TaskCategory.VOLUNTEER, 50),
    ("宣传“双报一领”典型事迹", TaskCategory.PUBLICITY, 10),
]


def build(context):
    rng = context.rng
    today = context.today
    mobiles = list(
        Member.objects.filter(branch__committee=context.committee, category=Category.MOBILE).values(
            "pk", "branch_id", "left_home_on", "joined_party_on", "employer"
        )
    )
    check_ins = []
    for member in mobiles:
        # About nine in ten mobile members have checked in since leaving home.
        if rng.random() < 0.9:
            days_since = (today - member["left_home_on"]).days
            day = member["left_home_on"] + datetime.timedelta(days=rng.randrange(0, max(1, min(60, days_since))))
            check_ins.append(
                CheckIn(
                    member_id=member["pk"],
                    branch_id=member["branch_id"],
                    checked_in_on=day,
                    way=rng.choices(list(CheckInWay.values), weights=[6, 3, 1])[0],
                    address="广东省" + rng.choice(["东莞市长安镇", "深圳市宝安区", "佛山市南海区", "广州市白云区"]),
                    employer=member["employer"],
                )
            )
    bulk_create_with_history(check_ins, CheckIn, batch_size=5000, default_change_reason="演示数据")
    context.figures["check_ins"] = len(check_ins)

    cycle = context.committee.report_cycle
    periods = recent_periods(today, cycle, 5)
    reports = []
    for age, start in enumerate(periods):
        # Past periods: most reported; the current period is still filling up.
        rate = 0.55 if age == 0 else rng.uniform(0.78, 0.93)
        end = min(period_end(start, cycle), today)
        for member in mobiles:
            if member["left_home_on"] > start or rng.random() > rate:
                continue
            submitted = start + datetime.timedelta(days=rng.randrange(0, max(1, (end - start).days)))
            acknowledged = submitted + datetime.timedelta(days=rng.randrange(1, 10))
            reports.append(
                Report(
                    member_id=member["pk"],
                    period_start=start,
                    submitted_on=submitted,
                    channel=rng.choices(list(ReportChannel.values), weights=[3, 2, 6, 1])[0],
                    summary=rng.choice(REPORT_SUMMARIES),
                    acknowledged_by=rng.choice(["村支书", "村党支部组织委员"]) if acknowledged <= today else "",
                    acknowledged_on=acknowledged if acknowledged <= today else None,
                )
            )
    bulk_create_with_history(reports, Report, batch_size=5000, default_change_reason="演示数据")
    context.figures["reports"] = len(reports)

    tasks = []
    for index, (title, category, capacity) in enumerate(TASKS):
        opens = today - datetime.timedelta(days=30 * (index + 1))
        branch = None if index % 2 == 0 else context.branches[index % len(context.branches)]
        tasks.append(
            Task(
                committee=context.committee,
                branch=branch,
                title=title,
                category=category,
                description=f"{title}：请各支部组织党员认领，按期完成并反馈。",
                opens_on=opens,
                due_on=opens + datetime.timedelta(days=90),
                capacity=capacity,
                status=TaskStatus.OPEN if opens + datetime.timedelta(days=90) >= today else TaskStatus.CLOSED,
            )
        )
    bulk_create_with_history(tasks, Task, default_change_reason="演示数据")
    claims = []
    for task in Task.objects.filter(committee=context.committee):
        pool = [m for m in mobiles if task.branch_id in (None, m["branch_id"])]
        for member in rng.sample(pool, min(len(pool), int(task.capacity * rng.uniform(0.4, 0.9)))):
            claimed = task.opens_on + datetime.timedelta(days=rng.randrange(0, 20))
            done = task.due_on < today or rng.random() < 0.4
            claims.append(
                TaskClaim(
                    member_id=member["pk"],
                    task=task,
                    claimed_on=min(claimed, today),
                    status=ClaimStatus.DONE if done else rng.choice([ClaimStatus.CLAIMED, ClaimStatus.IN_PROGRESS]),
                    result="按期完成" if done else "",
                    completed_on=min(task.due_on, today) if done else None,
                    evaluation=rng.choice(list(Evaluation.values)) if done else "",
                )
            )
    bulk_create_with_history(claims, TaskClaim, batch_size=5000, default_change_reason="演示数据")
    context.figures["claims"] = len(claims)
