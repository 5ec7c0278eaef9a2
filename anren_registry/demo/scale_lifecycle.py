"""The scaled demo's member life: 失联 search logs, pending 介绍信 and 流动党员活动证."""

import datetime

from members.models import (
    ActivityCertificate,
    Category,
    ContactAttempt,
    MemberStatus,
    Transfer,
)


def lifecycle(context, writer, members):
    """Search logs for the lost and suspended, a pending 介绍信 for each 待接收 file, and a
    流动党员活动证 for every mobile member on the roll (about 2 in 100 running out)."""
    rng, today = context.rng, context.today
    attempts, certificates, transfers = [], [], []
    for row in members:
        status = row["status"]
        if status in (MemberStatus.LOST_CONTACT, MemberStatus.SUSPENDED):
            for step in range(rng.randrange(1, 4)):
                attempts.append(
                    {
                        "member_id": row["id"],
                        "tried_on": min(row["status_since"] + datetime.timedelta(days=5 + 15 * step), today),
                        "tried_by": "支部书记",
                        "way": rng.choice(["phone", "wechat", "home_village", "employer"]),
                        "result": "未取得联系",
                    }
                )
        elif status == MemberStatus.PENDING_TRANSFER:
            transfers.append(
                {
                    "member_id": row["id"],
                    "kind": "out",
                    "status": "pending",
                    "from_branch_id": row["branch_id"],
                    "organisation": f"中共{row['hometown_township']}委员会",
                    "letter_number": f"转{row['id']}号",
                    "issued_on": row["status_since"],
                }
            )
        elif row["category"] == Category.MOBILE:
            valid_until = today + datetime.timedelta(days=rng.randrange(-20, 360))
            certificates.append(
                {
                    "member_id": row["id"],
                    "number": row["activity_certificate_no"],
                    "issued_by": f"中共安仁县{row['hometown_township']}{row['hometown_village']}支部委员会",
                    "issued_on": min(valid_until - datetime.timedelta(days=365), today),
                    "valid_until": valid_until,
                    "status": "valid",
                }
            )
    writer.insert(ContactAttempt, attempts, history=True)
    writer.insert(ActivityCertificate, certificates, history=True)
    writer.insert(Transfer, transfers, history=True)
