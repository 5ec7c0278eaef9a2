import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_branch_secretary_sees_only_their_branch_in_the_admin(client_for, secretary1, alice, bob):
    response = client_for(secretary1).get(reverse("admin:members_member_changelist"))
    text = response.content.decode()
    assert "王阿丽" in text and "李阿博" not in text


def test_the_auditor_can_view_but_not_change(client_for, auditor, alice):
    client = client_for(auditor)
    url = reverse("admin:members_member_change", args=[alice.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert client.post(url, {"name": "改名"}).status_code == 403
    assert client.get(reverse("admin:members_member_add")).status_code == 403


def test_nobody_can_delete_a_member_file(client_for, county_admin, alice):
    client = client_for(county_admin)
    url = reverse("admin:members_member_delete", args=[alice.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    # Nor in bulk from the changelist: the action is not offered, and posted anyway does nothing.
    changelist = reverse("admin:members_member_changelist")
    assert "delete_selected" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "delete_selected", "_selected_action": [alice.pk], "post": "yes"})
    assert apps.get_model("members", "Member").objects.filter(pk=alice.pk).exists()


def test_foreign_key_choices_are_scoped(client_for, secretary1, branch1, branch2):
    response = client_for(secretary1).get(reverse("admin:members_member_add"))
    choices = [str(choice) for _value, choice in response.context["adminform"].form.fields["branch"].choices]
    assert "第一党支部" in choices and "第二党支部" not in choices


def test_autocomplete_is_scoped(client_for, secretary2, alice, bob):
    response = client_for(secretary2).get(
        reverse("admin:autocomplete"),
        {"app_label": "shuangbao", "model_name": "checkin", "field_name": "member", "term": "阿"},
    )
    names = [row["text"] for row in response.json()["results"]]
    assert names == ["李阿博"]


def test_the_admin_is_chinese(client_for, county_admin):
    text = client_for(county_admin).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "党员档案" in text


def test_the_admins_branch_filter_offers_only_branches_in_scope(client_for, secretary1, alice, bob):
    text = client_for(secretary1).get(reverse("admin:members_member_changelist")).content.decode()
    assert "第一党支部" in text and "第二党支部" not in text


def test_a_committee_s_return_post_shows_a_secretary_only_its_own_branch_s_applicants(
    client_for, committee, secretary2, alice, bob
):
    """A post belongs to the whole committee, its applicants to their branches: the admin's
    inline lists what the post's page lists, the user's own applicants only."""
    from tests.assistance.factories import ReturnApplicationFactory, ReturnPostFactory

    post = ReturnPostFactory(committee=committee)
    ReturnApplicationFactory(post=post, member=alice)
    ReturnApplicationFactory(post=post, member=bob)
    response = client_for(secretary2).get(reverse("admin:assistance_returnpost_change", args=[post.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "李阿博" in text and "王阿丽" not in text


def test_a_committee_wide_project_names_its_introducer_only_to_who_may_read_the_file(
    client_for, committee, secretary1, secretary2, alice
):
    """As on the project list: branch 2 reads the committee's project, not branch 1's member who brought it."""
    from tests.assistance.factories import InvestmentProjectFactory

    InvestmentProjectFactory(committee=committee, name="扶贫车间", introduced_by=alice)
    changelist = reverse("admin:assistance_investmentproject_changelist")
    assert "王阿丽" in client_for(secretary1).get(changelist).content.decode()
    text = client_for(secretary2).get(changelist).content.decode()
    assert "扶贫车间" in text and "王阿丽" not in text
