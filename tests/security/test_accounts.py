import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import Action, AuditEntry
from branches.models import StaffScope
from branches.roles import Role

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD_PASSWORD = "Chunlei-2026-anren"


def new_secretary_form(branch_, **changes):
    data = {
        "username": "zhang3",
        "full_name": "张三",
        "role": Role.BRANCH_SECRETARY,
        "branch": branch_.pk,
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    return {**data, **changes}


def test_the_system_administrator_creates_a_secretary_bound_to_a_branch(client_for, system_admin, branch1):
    response = client_for(system_admin).post(reverse("accounts:user_create"), new_secretary_form(branch1))
    user = User.objects.get(username="zhang3")
    assert response.status_code == 302 and response.url == reverse("accounts:user_detail", args=[user.pk])
    assert (user.first_name, user.is_staff, user.is_active) == ("张三", True, True)
    assert (user.staff_scope.role, user.staff_scope.branch) == (Role.BRANCH_SECRETARY, branch1)
    assert user.check_password(GOOD_PASSWORD)
    entry = AuditEntry.objects.get(action=Action.ACCOUNT)
    assert (entry.username, entry.object_repr, entry.details["change"]) == ("sysadmin", "zhang3", "created")


def test_the_county_administrator_creates_a_secretary_too(client_for, county_admin, branch1):
    client_for(county_admin).post(reverse("accounts:user_create"), new_secretary_form(branch1))
    assert User.objects.get(username="zhang3").staff_scope.branch == branch1


@pytest.mark.parametrize(
    ("password", "message"),
    [("1234567890123", "只包含数字"), ("short1A", "至少"), ("password123", "太常见")],
)
def test_a_weak_password_is_refused_with_a_chinese_reason(client_for, system_admin, branch1, password, message):
    form = new_secretary_form(branch1, password1=password, password2=password)
    response = client_for(system_admin).post(reverse("accounts:user_create"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="zhang3").exists()


def test_a_secretary_without_a_branch_is_refused_and_nothing_is_written(client_for, system_admin, branch1):
    response = client_for(system_admin).post(reverse("accounts:user_create"), new_secretary_form(branch1, branch=""))
    assert "支部书记须指定党支部" in response.content.decode()
    assert (
        not User.objects.filter(username="zhang3").exists()
        and not StaffScope.objects.filter(user__username="zhang3").exists()
    )


def test_the_county_administrator_cannot_make_an_auditor_or_a_system_administrator(client_for, county_admin, branch1):
    client = client_for(county_admin)
    for role in (Role.AUDITOR, Role.SYSTEM_ADMIN):
        response = client.post(reverse("accounts:user_create"), new_secretary_form(branch1, role=role, branch=""))
        assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not User.objects.filter(username="zhang3").exists()


def test_the_county_administrator_does_not_see_the_auditors_account(client_for, county_admin, auditor, secretary1):
    client = client_for(county_admin)
    listed = [u.username for u in client.get(reverse("accounts:user_list")).context["page_obj"]]
    assert "secretary1" in listed and "auditor" not in listed
    assert client.get(reverse("accounts:user_detail", args=[auditor.pk])).status_code == 404


def test_a_disabled_account_cannot_log_in_and_can_be_enabled_again(client, client_for, system_admin, secretary1):
    admin_client = client_for(system_admin)
    admin_client.post(reverse("accounts:user_set_active", args=[secretary1.pk]), {"active": "0"})
    secretary1.refresh_from_db()
    assert not secretary1.is_active
    assert AuditEntry.objects.filter(action=Action.ACCOUNT, details__change="disabled").exists()
    from django.test import Client

    fresh = Client()
    response = fresh.post(reverse("login"), {"username": "secretary1", "password": "correct-horse-battery"})
    assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()
    admin_client.post(reverse("accounts:user_set_active", args=[secretary1.pk]), {"active": "1"})
    response = fresh.post(reverse("login"), {"username": "secretary1", "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_an_administrator_cannot_touch_their_own_account(client_for, county_admin, system_admin):
    for actor in (county_admin, system_admin):
        client = client_for(actor)
        assert client.post(reverse("accounts:user_set_active", args=[actor.pk]), {"active": "0"}).status_code == 404
        assert client.get(reverse("accounts:user_detail", args=[actor.pk])).status_code == 404
        actor.refresh_from_db()
        assert actor.is_active and actor.staff_scope.role in {Role.COUNTY_ADMIN, Role.SYSTEM_ADMIN}


def test_resetting_a_password_sets_it_and_lifts_a_lockout(client, client_for, system_admin, secretary1):
    AccessAttempt.objects.create(username="secretary1", ip_address="10.1.1.1", failures_since_start=5)
    url = reverse("accounts:user_password", args=[secretary1.pk])
    response = client_for(system_admin).post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    secretary1.refresh_from_db()
    assert secretary1.check_password(GOOD_PASSWORD)
    assert not AccessAttempt.objects.filter(username="secretary1").exists()
    assert AuditEntry.objects.filter(action=Action.ACCOUNT, details__change="password_reset").exists()


def test_changing_a_role_keeps_one_scope_per_user(client_for, system_admin, secretary1, committee):
    url = reverse("accounts:user_detail", args=[secretary1.pk])
    client_for(system_admin).post(url, {"full_name": "王书记", "role": Role.COMMITTEE_STAFF, "committee": committee.pk})
    scope = StaffScope.objects.get(user=secretary1)
    assert (scope.role, scope.committee, scope.branch) == (Role.COMMITTEE_STAFF, committee, None)


def test_no_one_is_system_administrator_and_auditor_at_once(system_admin):
    """三员分立: one StaffScope per user, so a second role is refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffScope.objects.create(user=system_admin, role=Role.AUDITOR)
    assert list(StaffScope.objects.filter(user=system_admin).values_list("role", flat=True)) == [Role.SYSTEM_ADMIN]


def test_the_system_administrator_never_reads_member_data(client_for, system_admin, alice):
    client = client_for(system_admin)
    assert client.get(reverse("dashboard:index")).url == reverse("accounts:user_list")
    assert client.get(reverse("members:list")).status_code == 403
    assert client.get(reverse("admin:members_member_changelist")).status_code == 403
    assert client.get(reverse("admin:members_member_change", args=[alice.pk])).status_code == 403
    assert client.post(reverse("members:reveal_id_number", args=[alice.pk])).status_code == 404


def test_the_account_list_is_chinese_and_filters_by_role(client_for, system_admin, secretary1, committee_staff):
    client = client_for(system_admin)
    response = client.get(reverse("accounts:user_list"), {"role": Role.BRANCH_SECRETARY})
    text = response.content.decode()
    assert "用户管理" in text and "新增账号" in text and "查询" in text
    assert [u.username for u in response.context["page_obj"]] == ["secretary1"]


def _new_account(client, role, **extra):
    return client.post(
        reverse("accounts:user_create"),
        {"username": f"new_{role}", "full_name": "新人", "role": role, "password1": "Zx9!long-enough",
         "password2": "Zx9!long-enough", **extra},
    )  # fmt: skip


@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN])
def test_the_system_administrator_cannot_grant_a_privileged_role(client_for, system_admin, role):
    """三员分立: the finding was a system administrator creating a county administrator."""
    _new_account(client_for(system_admin), role)
    assert not StaffScope.objects.filter(role=role).exclude(user=system_admin).exists()


def test_the_system_administrator_creates_a_business_account_and_it_is_logged(client_for, system_admin, branch1):
    response = _new_account(client_for(system_admin), Role.BRANCH_SECRETARY, branch=branch1.pk)
    assert response.status_code == 302
    scope = StaffScope.objects.get(user__username="new_branch_secretary")
    assert (scope.role, scope.branch) == (Role.BRANCH_SECRETARY, branch1)
    assert AuditEntry.objects.filter(action=Action.ACCOUNT, details__change="created").exists()


def test_privileged_accounts_are_out_of_reach_of_the_pages(client_for, system_admin, county_admin, auditor):
    client = client_for(system_admin)
    for other in (county_admin, auditor):
        assert client.get(reverse("accounts:user_detail", args=[other.pk])).status_code == 404
        assert client.post(reverse("accounts:user_set_active", args=[other.pk]), {"active": "0"}).status_code == 404
    # A county administrator cannot turn itself (or anyone) into an auditor.
    response = client_for(county_admin).post(
        reverse("accounts:user_detail", args=[county_admin.pk]), {"full_name": "x", "role": Role.AUDITOR}
    )
    assert response.status_code == 404
    county_admin.refresh_from_db()
    assert county_admin.staff_scope.role == Role.COUNTY_ADMIN


def test_the_installation_owner_grants_a_privileged_role_from_the_command_line(db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("grant_role", "shenji", Role.AUDITOR, "--name", "审计员甲")
    user = get_user_model().objects.get(username="shenji")
    assert user.staff_scope.role == Role.AUDITOR and not user.has_usable_password()
    entry = AuditEntry.objects.get(action=Action.ACCOUNT)
    assert (entry.username, entry.details["after"]["role"]) == ("manage.py", Role.AUDITOR)


def test_the_account_list_costs_the_same_queries_for_5_accounts_and_500(
    client_for, system_admin, branch1, django_assert_num_queries
):
    def grow(target):
        """Secretaries' accounts up to ``target``, each with its scope; every tenth locked out."""
        start = StaffScope.objects.filter(role=Role.BRANCH_SECRETARY).count()
        users = User.objects.bulk_create(User(username=f"s{n}", is_staff=True) for n in range(start, target))
        StaffScope.objects.bulk_create(
            StaffScope(user=user, role=Role.BRANCH_SECRETARY, branch=branch1) for user in users
        )
        AccessAttempt.objects.bulk_create(
            AccessAttempt(username=user.username, ip_address="10.0.0.1", failures_since_start=10)
            for user in users[::10]
        )

    client = client_for(system_admin)
    grow(5)
    client.get(reverse("accounts:user_list"))
    # session, user, staff scope, locked-out user names, count, the page (scopes joined in)
    with django_assert_num_queries(6):
        client.get(reverse("accounts:user_list"))
    grow(500)
    with django_assert_num_queries(6):
        client.get(reverse("accounts:user_list"))


def test_the_account_export_lists_the_accounts_and_is_logged(client_for, system_admin, secretary1):
    response = client_for(system_admin).get(reverse("accounts:user_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEntry.objects.filter(action=Action.EXPORT, username="sysadmin", details__what="accounts").exists()
