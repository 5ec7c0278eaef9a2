"""The home side (流出地): every home organisation's secretary and phone, and the demo account
``village``, secretary of 永乐江镇新洲村党支部 with members away in several Guangdong branches."""

import datetime

from django.contrib.auth import get_user_model

from anren_registry.demo.names import full_name, mobile_phone
from assistance.models import HelpCategory, HelpLocation, HelpRequest, HelpStatus
from assistance.services import take_in_help_request, transition_help_request
from branches.models import HomeOrganisation, StaffScope
from branches.roles import Role
from members.models import Category, Member
from shuangbao.models import Report

VILLAGE_TOWNSHIP, VILLAGE = "永乐江镇", "新洲村"
# At least this many of the village's members away, in at least two branches.
VILLAGE_MEMBERS = 14


def build(context, *, password):
    """``password``: the demo accounts' password, hashed."""
    rng = context.rng
    organisations = list(HomeOrganisation.objects.order_by("pk"))
    for organisation in organisations:
        organisation.secretary_name = full_name(rng, rng.random() < 0.8)
        organisation.contact_phone = mobile_phone(rng)
    HomeOrganisation.objects.bulk_update(organisations, ["secretary_name", "contact_phone"])
    home = HomeOrganisation.objects.get(parent__name=VILLAGE_TOWNSHIP, name=VILLAGE)
    _gather_members(context, home)
    user = get_user_model().objects.create(
        username="village", first_name=f"{home.name}党支部书记", password=password, is_staff=True
    )
    StaffScope.objects.create(user=user, role=Role.HOME_SECRETARY, home_organisation=home)
    context.users["village"] = user
    context.figures["village_members"] = Member.objects.filter(home_organisation=home).count()
    _reports_to_acknowledge(context, home)
    _referral(context, home)


def _reports_to_acknowledge(context, home):
    """The newest report of some of the village's members waits for 签收, two of them for
    more than 15 days; the others were acknowledged by the secretary's account."""
    today = context.today
    newest = {}
    for report in Report.objects.filter(member__home_organisation=home).order_by("member_id", "-period_start"):
        newest.setdefault(report.member_id, report)
    waiting = sorted(newest.values(), key=lambda r: r.pk)[:5]
    for index, report in enumerate(waiting):
        report.acknowledged_by, report.acknowledged_on, report.acknowledged_at = "", None, None
        if index < 2 and (today - report.submitted_on).days <= 15:
            # Past the 15 days: submitted three weeks ago (or on the period's first day).
            report.submitted_on = max(report.period_start, today - datetime.timedelta(days=21))
    Report.objects.bulk_update(waiting, ["acknowledged_by", "acknowledged_on", "acknowledged_at", "submitted_on"])
    context.figures["village_reports_waiting"] = len(waiting)


def _referral(context, home):
    """A member's mother left behind at home: the branch in Guangdong refers it to the village."""
    member = Member.objects.filter(home_organisation=home).select_related("branch").order_by("pk").first()
    secretary = context.users[f"branch{member.branch.ordinal}"]
    today = context.today
    case = HelpRequest(
        member=member,
        branch=member.branch,
        category=HelpCategory.LEFT_BEHIND_ELDERLY,
        location=HelpLocation.HOMETOWN,
        township=home.parent.name,
        village=home.name,
        story=f"{member.name}的母亲独自在{home.name}居住，近期腿脚不便，希望村里帮忙照看、协调送医。",
        received_on=today - datetime.timedelta(days=12),
    )
    take_in_help_request(case, secretary, "电话了解情况，登记诉求。")
    transition_help_request(
        case,
        HelpStatus.REFERRED,
        secretary,
        "老人在老家，转回流出地村党支部就近照看。",
        acted_on=today - datetime.timedelta(days=5),
        referred_home=home,
    )


def _gather_members(context, home):
    """Enough members from 新洲村: mobile members of the first branches whose village is
    another one move their home there (their 乡镇 and 村 with it)."""
    present = Member.objects.filter(home_organisation=home).count()
    if present >= VILLAGE_MEMBERS:
        return
    branches = [branch.pk for branch in context.branches[:4]]
    wanted = VILLAGE_MEMBERS - present
    chosen = []
    for branch in branches:
        chosen += list(
            Member.objects.filter(branch=branch, category=Category.MOBILE)
            .exclude(home_organisation=home)
            .order_by("pk")
            .values_list("pk", flat=True)[: -(-wanted // len(branches))]
        )
    Member.objects.filter(pk__in=chosen[:wanted]).update(
        home_organisation=home, hometown_township=home.parent.name, hometown_village=home.name
    )
