"""双报一领: check-ins, the current and four past report periods, tasks and claims."""

import datetime

from simple_history.utils import bulk_create_with_history

from members.models import Category, Member
from shuangbao.models import (
    CheckIn,
    CheckInWay,
    ClaimStatus,
    Evaluation,
    Report,
    ReportChannel,
    Task,
    TaskCategory,
    TaskClaim,
    TaskStatus,
)
from shuangbao.periods import Period

# The ways a secretary records (the QR link is the members' own, anren_registry.demo.selfservice).
STAFF_WAYS = [CheckInWay.IN_PERSON, CheckInWay.ONLINE, CheckInWay.PHONE]

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
    secretaries = {user.staff_scope.branch_id: user for user in context.users.values() if user.staff_scope.branch_id}
    mobiles = list(
        Member.objects.filter(branch__committee=context.committee, category=Category.MOBILE).values(
            "pk", "branch_id", "left_home_on", "joined_party_on", "employer"
        )
    )
    branch_ids = [branch.pk for branch in context.branches]
    check_ins = []
    for member in mobiles:
        # About nine in ten mobile members have checked in since leaving home (the rest are 未报到).
        if rng.random() >= 0.9:
            continue
        days_since = (today - member["left_home_on"]).days
        day = member["left_home_on"] + datetime.timedelta(days=rng.randrange(0, max(1, min(60, days_since))))
        if rng.random() < 0.08 and len(branch_ids) > 1 and (today - day).days > 400:
            # Moved: first checked in with another branch, then with the present one.
            earlier = rng.choice([pk for pk in branch_ids if pk != member["branch_id"]])
            check_ins.append(_check_in(rng, member, earlier, day, secretaries))
            day = day + datetime.timedelta(days=rng.randrange(200, (today - day).days))
        check_ins.append(_check_in(rng, member, member["branch_id"], day, secretaries))
    bulk_create_with_history(check_ins, CheckIn, batch_size=5000, default_change_reason="演示数据")
    context.figures["check_ins"] = len(check_ins)

    reports = []
    for age, period in enumerate(Period.containing(today, context.committee.report_cycle).recent(5)):
        # Past periods: most reported, a few late; the current period is still filling up.
        rate = 0.58 if age == 0 else rng.uniform(0.8, 0.93)
        end = min(period.end, today)
        for member in mobiles:
            # Due from leaving home (shuangbao.rules.report_exempt_condition), checked in or not.
            newcomer = member["left_home_on"] > period.cutoff
            if newcomer or rng.random() > rate:
                continue
            submitted = period.start + datetime.timedelta(days=rng.randrange(0, max(1, (end - period.start).days)))
            if age > 0 and rng.random() < 0.08:
                submitted = period.end + datetime.timedelta(days=rng.randrange(1, 30))  # 逾期补报
            acknowledged = submitted + datetime.timedelta(days=rng.randrange(1, 10))
            reports.append(
                Report(
                    member_id=member["pk"],
                    period_start=period.start,
                    submitted_on=submitted,
                    channel=rng.choices(list(ReportChannel.values), weights=[3, 2, 6, 1])[0],
                    summary=rng.choice(REPORT_SUMMARIES),
                    acknowledged_by=rng.choice(["村支书", "村党支部组织委员"]) if acknowledged <= today else "",
                    acknowledged_on=acknowledged if acknowledged <= today else None,
                    recorded_by=secretaries.get(member["branch_id"]),
                )
            )
    bulk_create_with_history(reports, Report, batch_size=5000, default_change_reason="演示数据")
    context.figures["reports"] = len(reports)

    tasks = []
    for index, (title, category, capacity) in enumerate(TASKS):
        opens = today - datetime.timedelta(days=30 * (index + 1))
        due = opens + datetime.timedelta(days=90)
        branch = None if index % 2 == 0 else context.branches[index % len(context.branches)]
        tasks.append(
            Task(
                committee=context.committee,
                branch=branch,
                title=title,
                category=category,
                description=f"{title}：请各支部组织党员认领，按期完成并反馈。",
                opens_on=opens,
                due_on=due,
                capacity=capacity,
                # The committee closes a task some weeks after it fell due.
                status=TaskStatus.CLOSED if due < today - datetime.timedelta(days=60) else TaskStatus.OPEN,
            )
        )
    bulk_create_with_history(tasks, Task, default_change_reason="演示数据")
    claims = []
    for task in Task.objects.filter(committee=context.committee):
        pool = [m for m in mobiles if task.branch_id in (None, m["branch_id"])]
        past_due = task.due_on < today
        for member in rng.sample(pool, min(len(pool), int(task.capacity * rng.uniform(0.5, 0.95)))):
            claimed = min(task.opens_on + datetime.timedelta(days=rng.randrange(0, 20)), today)
            roll = rng.random()
            # Past due: most done, a few dropped, some still open (overdue); current: a mix.
            if roll < (0.75 if past_due else 0.3):
                status = ClaimStatus.DONE
            elif roll < (0.83 if past_due else 0.36):
                status = ClaimStatus.DROPPED
            else:
                status = rng.choice([ClaimStatus.CLAIMED, ClaimStatus.IN_PROGRESS])
            done = status == ClaimStatus.DONE
            completed = min(claimed + datetime.timedelta(days=rng.randrange(5, 80)), task.due_on, today)
            claims.append(
                TaskClaim(
                    member_id=member["pk"],
                    task=task,
                    claimed_on=claimed,
                    status=status,
                    progress_notes=f"{claimed:%Y-%m-%d} 已联系相关单位，正在推进。"
                    if status == ClaimStatus.IN_PROGRESS
                    else "",
                    result="按期完成，已向支部反馈。" if done else "",
                    completed_on=completed if done else None,
                    evaluation=rng.choices(list(Evaluation.values), weights=[3, 5, 2])[0]
                    if done and rng.random() < 0.8
                    else "",
                    dropped_reason=rng.choice(["工作调动，时间不足", "回乡照顾家人"])
                    if status == ClaimStatus.DROPPED
                    else "",
                )
            )
    bulk_create_with_history(claims, TaskClaim, batch_size=5000, default_change_reason="演示数据")
    context.figures["claims"] = len(claims)


def _check_in(rng, member, branch_id, day, secretaries):
    return CheckIn(
        member_id=member["pk"],
        branch_id=branch_id,
        checked_in_on=day,
        way=rng.choices(STAFF_WAYS, weights=[6, 3, 1])[0],
        address="广东省" + rng.choice(["东莞市长安镇", "深圳市宝安区", "佛山市南海区", "广州市白云区"]),
        employer=member["employer"],
        recorded_by=secretaries.get(branch_id),
    )
