"""Members on their own pages (issue 21): the demo account ``member``, a mobile member of
第二党支部 from 永乐江镇新洲村 (so the ``village`` account acknowledges her report) with this
period's report still due and open tasks to claim; self check-ins of other members of
第二党支部 waiting for ``branch2``'s confirmation; a few 通知公告 (branch 3 passes job fairs on
to its young members). Runs after ``village``: the member's home is that village."""

import datetime

from django.contrib.auth import get_user_model

from branches.models import StaffScope
from branches.roles import Role
from members.models import Category, Member, MemberStatus
from selfservice.models import Notice, NoticeKind, NoticeRead
from selfservice.notices import audience_condition
from shuangbao.models import CheckIn, CheckInStatus, CheckInWay, Report, Task, TaskCategory
from shuangbao.periods import Period

PENDING_CHECK_INS = 3


def build(context, *, password, village):
    branch2, branch3 = context.branches[1], context.branches[2]
    today = context.today
    period = Period.containing(today, context.committee.report_cycle)
    member = _the_member(branch2, village, period)
    user = get_user_model().objects.create(username="member", first_name=member.name, password=password, is_staff=False)
    StaffScope.objects.create(user=user, role=Role.MEMBER, member=member)
    context.users["member"] = user
    Task.objects.create(
        committee=context.committee,
        branch=branch2,
        title="龙华区就业援助月志愿服务",
        category=TaskCategory.VOLUNTEER,
        description="协助社区就业服务站为老乡登记求职意向、讲解政策，每人每周半天。",
        opens_on=today - datetime.timedelta(days=3),
        due_on=today + datetime.timedelta(days=45),
        capacity=6,
    )
    _pending_check_ins(branch2, member, today)
    _notices(context, branch2, branch3, today)
    context.figures["member"] = member.name


def _the_member(branch, village, period):
    """A mobile member of the branch from the village, on the roll, who has not reported this period."""
    candidates = Member.objects.filter(
        branch=branch, category=Category.MOBILE, status=MemberStatus.ACTIVE, home_organisation=village
    ).order_by("pk")
    reported = Report.objects.filter(period_start=period.start).values("member_id")
    member = candidates.exclude(pk__in=reported).first()
    if member is None:  # every one of them reported: the first one's report is taken back
        member = candidates.first()
        Report.objects.filter(member=member, period_start=period.start).delete()
    return member


def _pending_check_ins(branch, member, today):
    """Members of the branch who checked in before scanned the branch's QR code this week."""
    others = (
        Member.objects.filter(
            branch=branch, category=Category.MOBILE, status=MemberStatus.ACTIVE, check_ins__isnull=False
        )
        .exclude(pk=member.pk)
        .distinct()
        .order_by("pk")[:PENDING_CHECK_INS]
    )
    for days, other in enumerate(others, start=1):
        CheckIn.objects.create(
            member=other,
            branch=branch,
            checked_in_on=today - datetime.timedelta(days=days),
            way=CheckInWay.QR_LINK,
            address=f"广东省深圳市龙华区{other.employer or ''}".strip(),
            employer=other.employer,
            status=CheckInStatus.PENDING,
        )


def _notices(context, branch2, branch3, today):
    users = context.users
    committee_user, secretary2, secretary3 = users["committee"], users["branch2"], users["branch3"]
    notices = [
        Notice(
            committee=context.committee,
            kind=NoticeKind.STUDY,
            title="学习资料：《中国共产党党员教育管理工作条例》流动党员教育管理要点",
            body="各支部党员：请利用业余时间学习条例第五章关于流动党员教育管理的规定，支部将在下次主题党日交流学习体会。",
            published_by=committee_user,
        ),
        Notice(
            committee=context.committee,
            branch=branch2,
            kind=NoticeKind.MEETING,
            title="第二党支部主题党日活动通知",
            body="本月最后一个周日上午九点半，在支部阵地开展主题党日活动：重温入党誓词、交流本季度报告。不能参加的请向支部书记请假。",
            published_by=secretary2,
        ),
        Notice(
            committee=context.committee,
            branch=branch3,
            kind=NoticeKind.JOBS,
            title="青年党员就业服务：东莞松山湖青年人才招聘会",
            body="下周六在松山湖人才市场举办青年人才专场招聘会，电子信息、智能制造企业40余家。需要推荐的青年党员请联系支部。",
            young_only=True,
            published_by=secretary3,
        ),
        Notice(
            committee=context.committee,
            branch=branch3,
            kind=NoticeKind.JOBS,
            title="职业技能提升补贴培训报名",
            body="东莞市人社局面向来莞务工人员开设电工、焊工、叉车等免费技能培训，名额有限，报名截止本月底。",
            young_only=True,
            published_by=secretary3,
        ),
    ]
    for notice in notices:
        notice.save()
    # Some of branch 3's young members have read the job fair already.
    job_fair = notices[2]
    readers = Member.objects.filter(audience_condition(job_fair, today)).order_by("pk")[:5]
    NoticeRead.objects.bulk_create(NoticeRead(notice=job_fair, member=reader) for reader in readers)
    context.figures["notices"] = len(notices)
