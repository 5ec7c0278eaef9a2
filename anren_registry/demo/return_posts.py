"""The article's 回引 call: return-to-village posts and the members who applied (see assistance)."""

import datetime
from decimal import Decimal

from assistance.models import (
    ApplicationStatus,
    ReturnApplication,
    ReturnPost,
    ReturnPostTitle,
)

D = Decimal


def build(context, members):
    rng = context.rng
    committee = context.committee
    elected = ReturnPost.objects.create(
        committee=committee,
        name="2021年村级换届回乡任职",
        title=ReturnPostTitle.SECRETARY,
        term_years=5,
        quota=3,
        opens_on=datetime.date(2021, 1, 5),
    )
    ReturnApplication.objects.bulk_create(
        ReturnApplication(
            post=elected,
            member=member,
            applied_on=datetime.date(2021, 1, 10),
            status=ApplicationStatus.SERVING,
            term_starts_on=datetime.date(2021, 3, 1),
            note="当选村党支部书记",
        )
        for member in rng.sample(members, min(3, len(members)))
    )
    posts = []
    for index, (township, village) in enumerate(
        [
            ("永乐江镇", "新洲村"),
            ("安平镇", "坪上村"),
            ("灵官镇", "黄田村"),
            ("龙海镇", "朴塘村"),
            ("金紫仙镇", "石陂村"),
        ]
    ):
        posts.append(
            ReturnPost.objects.create(
                committee=committee,
                name=f"{township}{village}回引挂职",
                township=township,
                village=village,
                title=ReturnPostTitle.DEPUTY_SECRETARY if index % 2 == 0 else ReturnPostTitle.ASSISTANT,
                term_years=2,
                quota=2,
                opens_on=datetime.date(2021, 10, 8),
                closes_on=datetime.date(2021, 10, 31),
            )
        )
    # 10多名 applied to the October call; when the article was written the county had
    # reviewed some and selected none, so the 3 elected secretaries are the only members placed.
    reviewed = set()
    for member in rng.sample(members, min(12, len(members))):
        post = rng.choice(posts)
        ReturnApplication.objects.create(
            post=post,
            member=member,
            applied_on=datetime.date(2021, 10, rng.randrange(9, 30)),
            status=ApplicationStatus.APPLIED if post.pk in reviewed else ApplicationStatus.REVIEWED,
        )
        reviewed.add(post.pk)
