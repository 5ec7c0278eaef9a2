"""The article's 回引 call: return-to-village posts and the members who applied (see assistance)."""

import datetime

from assistance.models import (
    ApplicationStatus,
    ReturnApplication,
    ReturnPost,
    ReturnPostTitle,
)
from members.models import Category

ELECTED_POST = "2021年村级换届回乡任职"


def build(context, members):
    rng = context.rng
    committee = context.committee
    # The members placed (the three elected in 2021) are files of their own, back home
    # (回乡): anren_registry.demo.lifecycle applies them to this post.
    ReturnPost.objects.create(
        committee=committee,
        name=ELECTED_POST,
        title=ReturnPostTitle.SECRETARY,
        term_years=5,
        quota=3,
        opens_on=datetime.date(2021, 1, 5),
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
    # “10多名在外的流动党员积极报名”: mobile members.
    mobile = [member for member in members if member.category == Category.MOBILE]
    for member in rng.sample(mobile, min(12, len(mobile))):
        post = rng.choice(posts)
        ReturnApplication.objects.create(
            post=post,
            member=member,
            applied_on=datetime.date(2021, 10, rng.randrange(9, 30)),
            status=ApplicationStatus.APPLIED if post.pk in reviewed else ApplicationStatus.REVIEWED,
        )
        reviewed.add(post.pk)
