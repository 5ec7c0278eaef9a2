"""The scaled demo's care for members: help requests and their actions."""

import datetime
from decimal import Decimal

from anren_registry.demo.names import TOWNSHIPS, full_name, mobile_phone
from assistance.models import HelpAction, HelpCategory, HelpLocation, HelpRequest, HelpStatus


def help_requests(context, writer, members):
    """About a hundred cases a year per branch (第四党支部 of the article handles a thousand)."""
    rng = context.rng
    today = context.today
    by_branch = {}
    for member in members:
        by_branch.setdefault(member["branch_id"], []).append(member)
    flow = [HelpStatus.CLOSED] * 80 + [HelpStatus.RESOLVED] * 8 + [HelpStatus.IN_PROGRESS] * 6
    flow += [HelpStatus.REFERRED] * 3 + [HelpStatus.RECEIVED] * 3
    cases = []
    for branch in context.branches:
        branch_members = by_branch.get(branch.pk, [])
        for _ in range(len(branch_members) // 5):
            received = today - datetime.timedelta(days=rng.randrange(0, 365))
            recent = (today - received).days <= 20
            status = rng.choice([HelpStatus.RECEIVED, HelpStatus.IN_PROGRESS]) if recent else rng.choice(flow)
            member = rng.choice(branch_members) if rng.random() < 0.3 else None
            township = rng.choice(list(TOWNSHIPS))
            category = rng.choices(list(HelpCategory.values), weights=[8, 25, 12, 8, 6, 10, 12, 19])[0]
            closed = status == HelpStatus.CLOSED
            cases.append(
                {
                    "member_id": member["id"] if member else None,
                    "requester_name": "" if member else full_name(rng, rng.random() < 0.7),
                    "requester_phone": "" if member else mobile_phone(rng),
                    "branch_id": branch.pk,
                    "category": category,
                    "location": HelpLocation.HOMETOWN
                    if category in {HelpCategory.LEFT_BEHIND_ELDERLY, HelpCategory.HOUSE_REPAIR}
                    else HelpLocation.GUANGDONG,
                    "township": township,
                    "village": rng.choice(TOWNSHIPS[township]),
                    "story": "来电反映困难，请求支部协助。",
                    "received_on": received,
                    "status": status,
                    "outcome": "已协调解决" if status in {HelpStatus.RESOLVED, HelpStatus.CLOSED} else "",
                    "money_recovered": Decimal(rng.randrange(2000, 30000, 500))
                    if category == HelpCategory.WAGE_DISPUTE and closed
                    else Decimal(0),
                    "closed_on": min(today, received + datetime.timedelta(days=rng.randrange(3, 20)))
                    if closed
                    else None,
                }
            )
    writer.insert(HelpRequest, cases, history=True)
    steps = {
        HelpStatus.IN_PROGRESS: [HelpStatus.IN_PROGRESS],
        HelpStatus.REFERRED: [HelpStatus.REFERRED],
        HelpStatus.RESOLVED: [HelpStatus.IN_PROGRESS, HelpStatus.RESOLVED],
        HelpStatus.CLOSED: [HelpStatus.IN_PROGRESS, HelpStatus.RESOLVED, HelpStatus.CLOSED],
    }
    actions = []
    for case in cases:
        actions.append(
            {
                "help_request_id": case["id"],
                "acted_on": case["received_on"],
                "description": "受理诉求，登记情况",
                "status_after": HelpStatus.RECEIVED,
            }
        )
        for number, status in enumerate(steps.get(case["status"], []), start=1):
            acted_on = min(case["closed_on"] or today, case["received_on"] + datetime.timedelta(days=number))
            actions.append(
                {
                    "help_request_id": case["id"],
                    "acted_on": case["closed_on"] if status == HelpStatus.CLOSED else acted_on,
                    "description": {
                        HelpStatus.IN_PROGRESS: "支部安排专人跟进，了解情况",
                        HelpStatus.REFERRED: "转家乡村党支部办理",
                        HelpStatus.RESOLVED: "已协调解决",
                        HelpStatus.CLOSED: "回访当事人，结案",
                    }[status],
                    "status_after": status,
                }
            )
    writer.insert(HelpAction, actions)
