"""The home side (流出地): every home organisation's secretary and phone, and the demo account
``village``, secretary of 永乐江镇新洲村党支部 with members away in several Guangdong branches."""

from django.contrib.auth import get_user_model

from anren_registry.demo.names import full_name, mobile_phone
from branches.models import HomeOrganisation, StaffScope
from branches.roles import Role
from members.models import Category, Member

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
