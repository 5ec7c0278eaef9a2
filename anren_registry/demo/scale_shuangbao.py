"""The scaled demo's 双报一领: check-ins, report periods and task claims of every member (see scale)."""

import datetime

from anren_registry.demo.shuangbao import REPORT_SUMMARIES, STAFF_WAYS, TASKS
from members.models import Category
from shuangbao.models import CheckIn, ClaimStatus, Report, ReportChannel, Task, TaskClaim, TaskStatus
from shuangbao.periods import Period


def check_ins(context, writer, members):
    """Nine in ten mobile members have checked in since leaving home; a few moved branch."""
    rng = context.rng
    today = context.today
    secretaries = _secretaries(context)
    siblings = {}
    for branch in context.branches:
        siblings.setdefault(branch.committee_id, []).append(branch.pk)
    committee_of = {branch.pk: branch.committee_id for branch in context.branches}
    rows = []
    for member in members:
        if member["category"] != Category.MOBILE or rng.random() >= 0.9:
            continue
        days_since = (today - member["left_home_on"]).days
        day = member["left_home_on"] + datetime.timedelta(days=rng.randrange(0, max(1, min(60, days_since))))
        if rng.random() < 0.08 and (today - day).days > 400:
            earlier = rng.choice(siblings[committee_of[member["branch_id"]]])
            rows.append(_check_in(rng, member, earlier, day, secretaries))
            day = day + datetime.timedelta(days=rng.randrange(200, (today - day).days))
        rows.append(_check_in(rng, member, member["branch_id"], day, secretaries))
    writer.insert(CheckIn, rows, history=True)


def _check_in(rng, member, branch_id, day, secretaries):
    return {
        "member_id": member["id"],
        "branch_id": branch_id,
        "checked_in_on": day,
        "way": rng.choices(STAFF_WAYS, weights=[6, 3, 1])[0],
        "address": "广东省" + rng.choice(["东莞市长安镇", "深圳市宝安区", "佛山市南海区", "广州市白云区"]),
        "employer": member["employer"],
        "recorded_by_id": secretaries.get(branch_id),
    }


def _secretaries(context):
    return {user.staff_scope.branch_id: user.pk for user in context.users.values() if user.staff_scope.branch_id}


def reports(context, writer, members):
    """The current period and the four before it: most reported, a few late."""
    rng = context.rng
    today = context.today
    secretaries = _secretaries(context)
    rows = []
    for age, period in enumerate(Period.containing(today, context.committee.report_cycle).recent(5)):
        rate = 0.58 if age == 0 else rng.uniform(0.8, 0.93)
        end = min(period.end, today)
        span = max(1, (end - period.start).days)
        for member in members:
            if member["category"] != Category.MOBILE:
                continue
            if member["left_home_on"] > period.cutoff:  # due from leaving home, checked in or not
                continue
            if rng.random() > rate:
                continue
            submitted = period.start + datetime.timedelta(days=rng.randrange(0, span))
            if age > 0 and rng.random() < 0.08:
                submitted = period.end + datetime.timedelta(days=rng.randrange(1, 30))
            acknowledged = submitted + datetime.timedelta(days=rng.randrange(1, 10))
            done = acknowledged <= today
            rows.append(
                {
                    "member_id": member["id"],
                    "period_start": period.start,
                    "submitted_on": min(submitted, today),
                    "channel": rng.choices(list(ReportChannel.values), weights=[3, 2, 6, 1])[0],
                    "summary": rng.choice(REPORT_SUMMARIES),
                    "acknowledged_by": rng.choice(["村支书", "村党支部组织委员"]) if done else "",
                    "acknowledged_on": acknowledged if done else None,
                    "recorded_by_id": secretaries.get(member["branch_id"]),
                }
            )
    writer.insert(Report, rows, history=True)


def claims(context, writer, members):
    """Each committee's eight tasks (half committee-wide, half for one branch) and two
    tasks per branch; a mobile member claims one or two of those open to them."""
    rng = context.rng
    today = context.today
    tasks = []
    for committee in context.committees:
        branches = [branch for branch in context.branches if branch.committee_id == committee.pk]
        specs = [
            (title, category, None if index % 2 == 0 else branches[index % len(branches)], index)
            for index, (title, category, _capacity) in enumerate(TASKS)
        ]
        specs += [
            (title, category, branch, index)
            for branch in branches
            for index, (title, category, _capacity) in enumerate(rng.sample(TASKS, 2))
        ]
        for title, category, branch, index in specs:
            opens = today - datetime.timedelta(days=30 * (index + 1))
            due = opens + datetime.timedelta(days=90)
            tasks.append(
                {
                    "committee_id": committee.pk,
                    "branch_id": branch.pk if branch else None,
                    "title": title,
                    "category": category,
                    "description": f"{title}：请各支部组织党员认领，按期完成并反馈。",
                    "opens_on": opens,
                    "due_on": due,
                    "capacity": 0,
                    "status": TaskStatus.CLOSED if due < today - datetime.timedelta(days=60) else TaskStatus.OPEN,
                }
            )
    writer.allocate_ids(Task, tasks)
    committee_of = {branch.pk: branch.committee_id for branch in context.branches}
    open_to = {}
    for task in tasks:
        key = ("branch", task["branch_id"]) if task["branch_id"] else ("committee", task["committee_id"])
        open_to.setdefault(key, []).append(task)
    claims = []
    for member in members:
        if member["category"] != Category.MOBILE or rng.random() < 0.3:
            continue
        pool = open_to.get(("committee", committee_of[member["branch_id"]]), []) + open_to.get(
            ("branch", member["branch_id"]), []
        )
        for task in rng.sample(pool, min(len(pool), rng.choice([1, 1, 2]))):
            task["capacity"] += 1
            claimed = min(task["opens_on"] + datetime.timedelta(days=rng.randrange(0, 20)), today)
            past_due = task["due_on"] < today
            roll = rng.random()
            if roll < (0.75 if past_due else 0.3):
                status = ClaimStatus.DONE
            elif roll < (0.83 if past_due else 0.36):
                status = ClaimStatus.DROPPED
            else:
                status = rng.choice([ClaimStatus.CLAIMED, ClaimStatus.IN_PROGRESS])
            done = status == ClaimStatus.DONE
            claims.append(
                {
                    "member_id": member["id"],
                    "task_id": task["id"],
                    "claimed_on": claimed,
                    "status": status,
                    "progress_notes": "已联系相关单位，正在推进。" if status == ClaimStatus.IN_PROGRESS else "",
                    "result": "按期完成，已向支部反馈。" if done else "",
                    "completed_on": min(claimed + datetime.timedelta(days=rng.randrange(5, 80)), task["due_on"], today)
                    if done
                    else None,
                    "evaluation": rng.choice(["excellent", "good", "good", "fair"]) if done else "",
                    "dropped_reason": "工作调动，时间不足" if status == ClaimStatus.DROPPED else "",
                }
            )
    for task in tasks:
        # Room for a few more than have claimed it.
        task["capacity"] = task["capacity"] + 10
    writer.insert(Task, tasks, history=True)
    writer.insert(TaskClaim, claims, history=True)
