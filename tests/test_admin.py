"""The admin is the county administrator's back office: everyone else gets 403, and what
the county administrator changes there goes through the pages' rules and the audit log."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from audit.models import Action, AuditEntry
from members.models import Member

pytestmark = pytest.mark.django_db

OURS = {
    "accounts", "appraisals", "assistance", "audit", "branches", "dashboard", "dues", "meetings", "members",
    "shuangbao",
}  # fmt: skip
CHANGELISTS = [
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    for model in admin.site._registry
    if model._meta.app_label in OURS
]


def test_every_changelist_loads_for_the_county_admin(client_for, county_admin, alice, bob):
    client = client_for(county_admin)
    for name in CHANGELISTS:
        assert client.get(reverse(name)).status_code == 200, name


@pytest.fixture
def system_admin(db):
    from tests.factories import Role, user_with_role

    return user_with_role("sysadmin", Role.SYSTEM_ADMIN)


@pytest.mark.parametrize("persona", ["committee_staff", "secretary1", "auditor", "system_admin"])
def test_every_other_role_is_refused_the_admin_with_403(request, persona, client_for, alice):
    client = client_for(request.getfixturevalue(persona))
    for url in [reverse("admin:index"), *map(reverse, CHANGELISTS)]:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("admin:members_member_change", args=[alice.pk])).status_code == 403
    assert client.get(reverse("admin:autocomplete"), {"term": "阿"}).status_code == 403
    # No second login form that would bypass the lockout and the second factor.
    assert client.get(reverse("admin:login")).status_code == 403


def test_a_visitor_is_sent_to_the_one_login_page(client):
    response = client.get(reverse("admin:members_member_changelist"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_menu_offers_the_admin_only_to_the_county_admin(client_for, county_admin, secretary1):
    assert 'href="/admin/"' in client_for(county_admin).get("/").content.decode()
    assert 'href="/admin/"' not in client_for(secretary1).get("/").content.decode()


def test_a_missing_object_is_a_404_and_logged_as_the_pages_do(client_for, county_admin):
    url = reverse("admin:members_member_change", args=[987654])
    assert client_for(county_admin).get(url).status_code == 404
    assert AuditEntry.objects.filter(action=Action.PERMISSION_DENIED, details__status=404).exists()


def _member_form(member, **changes):
    fields = [
        "name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education", "category", "branch",
        "joined_party_on", "full_member_on", "status", "home_organisation", "hometown_township",
        "hometown_village", "employer", "position", "work_city", "occupation", "left_home_on",
        "activity_certificate_no", "notes",
    ]  # fmt: skip
    data = {}
    for name in fields:
        value = getattr(member, Member._meta.get_field(name).attname)
        data[name] = "" if value is None else str(value)
    data.update({"opened_version": str(member.version), "posts-TOTAL_FORMS": "0", "posts-INITIAL_FORMS": "0"})
    for prefix in ("check_ins", "reports", "task_claims"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_an_admin_save_bumps_the_version_and_is_in_the_audit_log(client_for, county_admin, alice):
    url = reverse("admin:members_member_change", args=[alice.pk])
    response = client_for(county_admin).post(url, _member_form(alice, employer="东莞市长安镇某厂"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    alice.refresh_from_db()
    assert (alice.employer, alice.version) == ("东莞市长安镇某厂", 2)
    entry = AuditEntry.objects.get(action=Action.ADMIN_CHANGE)
    assert (entry.object_id, entry.details) == (str(alice.pk), {"change": "changed", "via": "admin"})


def test_an_admin_save_over_a_newer_page_edit_is_refused(client_for, county_admin, alice):
    stale = _member_form(alice, employer="旧的修改")
    Member.objects.filter(pk=alice.pk).update(employer="页面上的修改", version=alice.version + 1)
    url = reverse("admin:members_member_change", args=[alice.pk])
    response = client_for(county_admin).post(url, stale)
    assert response.status_code == 200 and "他人" in response.content.decode()
    alice.refresh_from_db()
    assert alice.employer == "页面上的修改"


def test_nobody_can_delete_a_member_file(client_for, county_admin, alice):
    client = client_for(county_admin)
    url = reverse("admin:members_member_delete", args=[alice.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    # Nor in bulk from the changelist: the action is not offered, and posted anyway does nothing.
    changelist = reverse("admin:members_member_changelist")
    assert "delete_selected" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "delete_selected", "_selected_action": [alice.pk], "post": "yes"})
    assert apps.get_model("members", "Member").objects.filter(pk=alice.pk).exists()


def test_the_admin_has_no_unmasked_unlogged_export(client_for, county_admin, alice):
    text = client_for(county_admin).get(reverse("admin:members_member_changelist")).content.decode()
    assert "export/" not in text and "import/" not in text


def test_the_admin_is_chinese(client_for, county_admin):
    text = client_for(county_admin).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "党员档案" in text


def test_pages_link_to_the_admin_only_for_the_county_admin(client_for, county_admin, committee_staff, branch1):
    """Committee staff get 403 in the admin: the branch list's 新增 and the matrix's rule link are not theirs."""
    for url in (reverse("dashboard:branch_list"), reverse("meetings:compliance")):
        assert 'href="/admin/' in client_for(county_admin).get(url).content.decode(), url
        assert 'href="/admin/' not in client_for(committee_staff).get(url).content.decode(), url
