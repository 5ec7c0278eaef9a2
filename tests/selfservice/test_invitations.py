"""Member accounts: the secretary's one-time invitation, the password, the phone login."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from audit.models import AuditEntry
from branches.models import StaffScope
from branches.roles import Role
from selfservice.invitations import issue_invitation
from selfservice.models import Invitation
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
PASSWORD = "红旗飘飘2027abc"


def invite_link(client, secretary, member):
    client.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("selfservice:member_invite", args=[member.pk]))
    assert response.status_code == 200
    link = response.context["link"]
    assert link.startswith("http://testserver/me/invitation/")
    assert "<svg" in response.content.decode()  # the QR code of the link
    client.logout()
    return link.removeprefix("http://testserver")


def set_password(client, path, password=PASSWORD):
    return client.post(path, {"password1": password, "password2": password})


def test_the_secretary_invites_and_the_member_sets_a_password_then_logs_in_with_the_phone(client, secretary2, carol):
    path = invite_link(client, secretary2, carol)
    assert client.get(path).status_code == 200
    response = set_password(client, path)
    assert response.status_code == 302
    scope = StaffScope.objects.get(member=carol)
    assert scope.role == Role.MEMBER and not scope.user.is_staff
    response = client.post(reverse("login"), {"username": "13912345678", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == reverse("selfservice:home")
    assert "陈阿卡" in client.get(reverse("selfservice:home")).content.decode()


def test_a_used_invitation_is_refused_in_chinese(client, secretary2, carol):
    path = invite_link(client, secretary2, carol)
    set_password(client, path)
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "已使用" in response.content.decode()
    assert set_password(client, path, "另一个密码2027xyz").status_code == 410
    assert get_user_model().objects.get(staff_scope__member=carol).check_password(PASSWORD)


def test_an_invitation_expires_after_seven_days(client, secretary2, carol):
    path = invite_link(client, secretary2, carol)
    with time_machine.travel(datetime.timedelta(days=7, minutes=1)):
        response = client.get(path)
    assert response.status_code == 410
    assert "已过期" in response.content.decode() and "7天" in response.content.decode()
    assert not StaffScope.objects.filter(member=carol).exists()


def test_a_new_invitation_is_the_reset_and_ends_the_earlier_one(client, secretary2, carol):
    first = invite_link(client, secretary2, carol)
    set_password(client, first)
    client.logout()
    second = invite_link(client, secretary2, carol)
    set_password(client, second, "新的密码2027xyz")
    user = get_user_model().objects.get(staff_scope__member=carol)
    assert user.check_password("新的密码2027xyz")
    assert StaffScope.objects.filter(member=carol).count() == 1
    # A third link made before the reset was used: the fourth one ends it.
    third, fourth = (invite_link(client, secretary2, carol) for _ in range(2))
    assert client.get(third).status_code == 410
    assert client.get(fourth).status_code == 200


def test_a_weak_password_is_refused_and_the_link_stays_usable(client, secretary2, carol):
    path = invite_link(client, secretary2, carol)
    response = set_password(client, path, "12345678")
    assert response.status_code == 400
    assert not StaffScope.objects.filter(member=carol).exists()
    assert Invitation.objects.get(member=carol).used_at is None


def test_another_branchs_secretary_cannot_invite_the_member(client, secretary1, carol):
    client.force_login(secretary1, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("selfservice:member_invite", args=[carol.pk])).status_code == 404
    assert not Invitation.objects.exists()


def test_an_invitation_is_logged_and_keeps_only_a_hash(secretary2, carol):
    token = issue_invitation(carol, user=secretary2)
    invitation = Invitation.objects.get(member=carol)
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert AuditEntry.objects.filter(user=secretary2, details__change="member_invitation").exists()


def test_the_phone_login_is_locked_out_after_five_failures_like_staff(client, carol_user):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "13912345678", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "13912345678", "password": "correct-horse-battery"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_two_files_with_one_phone_log_in_by_neither_phone(client, carol_user, branch2):
    from tests.factories import member_account

    twin = MemberFactory(name="同号", branch=branch2, phone="13912345678")
    member_account(twin)
    response = client.post(reverse("login"), {"username": "13912345678", "password": "correct-horse-battery"})
    assert response.status_code == 200  # the form again
    assert "_auth_user_id" not in client.session


def test_a_member_session_ends_after_30_idle_minutes_like_staff(client, carol_user):
    client.post(reverse("login"), {"username": "13912345678", "password": "correct-horse-battery"})
    assert client.get(reverse("selfservice:home")).status_code == 200
    with time_machine.travel(datetime.timedelta(minutes=31)):
        response = client.get(reverse("selfservice:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
