"""The article's 排忧解难 as help requests with their action logs, spread over the branches (see assistance)."""

import datetime
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from anren_registry.demo.names import TOWNSHIPS, full_name, mobile_phone
from assistance.models import (
    HelpAction,
    HelpCategory,
    HelpLocation,
    HelpRequest,
    HelpStatus,
)

D = Decimal


def build(context, members):
    rng = context.rng
    today = context.today
    branch4 = context.branches[3]
    cases = [
        HelpRequest(
            requester_name="周某某夫妇",
            requester_phone=mobile_phone(rng),
            branch=context.branches[1],
            category=HelpCategory.WORK_INJURY,
            location=HelpLocation.GUANGDONG,
            township="灵官镇",
            story="灵官镇村民周某某夫妇在厂务工因事故导致身体大面积烧伤。流动党委主要负责人赶赴医院看望，带头捐款3000元并发动党员、老乡捐款。",
            received_on=datetime.date(2019, 5, 12),
            status=HelpStatus.CLOSED,
            referred_to="当地政府和企业",
            # The 3,000 元 was the committee head's own gift (story), not money recovered for them.
            outcome="协调当地政府和企业进行治疗、赔偿；流动党委主要负责人带头捐款3000元。",
            closed_on=datetime.date(2019, 9, 30),
        ),
        HelpRequest(
            requester_name="蔡某某家属",
            requester_phone=mobile_phone(rng),
            branch=branch4,
            category=HelpCategory.WAGE_DISPUTE,
            location=HelpLocation.GUANGDONG,
            township="禾市乡",
            story="禾市乡务工女村民蔡某某在企业猝死，企业以不在上岗期间为由推卸责任。",
            received_on=datetime.date(2020, 12, 8),
            status=HelpStatus.CLOSED,
            referred_to="当地人社部门",
            outcome="督促企业按照法律法规及时兑付了赔偿等款项。",
            closed_on=datetime.date(2021, 1, 20),
        ),
    ]
    # 第四党支部: about a thousand problems a year for members and fellow workers.
    flow = (
        [HelpStatus.CLOSED] * 80
        + [HelpStatus.RESOLVED] * 8
        + [HelpStatus.IN_PROGRESS] * 6
        + [HelpStatus.REFERRED] * 3
        + [HelpStatus.RECEIVED] * 3
    )
    for index in range(1040):
        branch = branch4 if index < 1000 else rng.choice(context.branches[:11])
        received = today - datetime.timedelta(days=rng.randrange(0, 365))
        status = (
            rng.choice(flow)
            if (today - received).days > 20
            else rng.choice([HelpStatus.RECEIVED, HelpStatus.IN_PROGRESS])
        )
        member = rng.choice(members) if rng.random() < 0.3 else None
        township = rng.choice(list(TOWNSHIPS))
        category = rng.choices(list(HelpCategory.values), weights=[8, 25, 12, 8, 6, 10, 12, 19])[0]
        cases.append(
            HelpRequest(
                member=member,
                requester_name="" if member else full_name(rng, rng.random() < 0.7),
                requester_phone="" if member else mobile_phone(rng),
                branch=branch,
                category=category,
                location=HelpLocation.HOMETOWN
                if category in {HelpCategory.LEFT_BEHIND_ELDERLY, HelpCategory.HOUSE_REPAIR}
                else HelpLocation.GUANGDONG,
                township=township,
                village=rng.choice(TOWNSHIPS[township]),
                story="来电反映困难，请求支部协助。",
                received_on=received,
                status=status,
                referred_to="家乡村党支部"
                if status == HelpStatus.REFERRED
                or (status in {HelpStatus.RESOLVED, HelpStatus.CLOSED} and rng.random() < 0.3)
                else "",
                outcome="已协调解决" if status in {HelpStatus.RESOLVED, HelpStatus.CLOSED} else "",
                money_recovered=D(rng.randrange(2000, 30000, 500))
                if category == HelpCategory.WAGE_DISPUTE and status == HelpStatus.CLOSED
                else D(0),
                closed_on=min(today, received + datetime.timedelta(days=rng.randrange(3, 20)))
                if status == HelpStatus.CLOSED
                else None,
            )
        )
    bulk_create_with_history(cases, HelpRequest, batch_size=2000, default_change_reason="演示数据")
    actions = []
    for case in cases:
        actions.append(
            HelpAction(
                help_request=case,
                acted_on=case.received_on,
                description="受理诉求，登记情况",
                status_after=HelpStatus.RECEIVED,
            )
        )
        # The log follows the case to where it stands now, a step a day or two apart.
        steps = {
            HelpStatus.IN_PROGRESS: [HelpStatus.IN_PROGRESS],
            HelpStatus.REFERRED: [HelpStatus.REFERRED],
            HelpStatus.RESOLVED: [HelpStatus.IN_PROGRESS, HelpStatus.RESOLVED],
            HelpStatus.CLOSED: [HelpStatus.IN_PROGRESS, HelpStatus.RESOLVED, HelpStatus.CLOSED],
        }.get(case.status, [])
        if case.referred_to and HelpStatus.RESOLVED in steps:
            steps = [HelpStatus.REFERRED, *steps[1:]]
        last = case.closed_on or today
        for number, status in enumerate(steps, start=1):
            acted_on = min(last, case.received_on + datetime.timedelta(days=number))
            if status == HelpStatus.CLOSED:
                acted_on = case.closed_on
            actions.append(
                HelpAction(
                    help_request=case,
                    acted_on=acted_on,
                    description=STEP_NOTES[status].format(place=case.referred_to, outcome=case.outcome),
                    status_after=status,
                )
            )
    HelpAction.objects.bulk_create(actions, batch_size=2000)


STEP_NOTES = {
    HelpStatus.IN_PROGRESS: "支部安排专人跟进，了解情况",
    HelpStatus.REFERRED: "转{place}办理",
    HelpStatus.RESOLVED: "{outcome}",
    HelpStatus.CLOSED: "回访当事人，结案",
}
