"""个人中心: one's own password (and the forced change after an administrator set it), second
factor and recent logins; the top bar's name opens it."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PasswordState
from accounts.sessions import PASSWORD_CHANGE
from audit.models import Action, AuditEntry
from branches.roles import Role
from tests.security.test_authentication import code_for, log_in

pytestmark = pytest.mark.django_db
User = get_user_model()
SET_BY_ADMIN = "Chunlei-2026-anren"
OWN = "Yongle-river-2027"


def new_account(client_for, admin, branch):
    client_for(admin).post(
        reverse("accounts:user_create"),
        {
            "username": "zhang3",
            "full_name": "张三",
            "role": Role.BRANCH_SECRETARY,
            "branch": branch.pk,
            "password1": SET_BY_ADMIN,
            "password2": SET_BY_ADMIN,
        },
    )
    return User.objects.get(username="zhang3")


def change(client, old, new, repeat=None, next_url=""):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": repeat or new, "next": next_url},
    )


def test_a_new_account_chooses_its_own_password_before_any_other_page(client_for, system_admin, branch1):
    user = new_account(client_for, system_admin, branch1)
    client = Client()
    log_in(client, "zhang3", SET_BY_ADMIN)
    assert client.session[PASSWORD_CHANGE] is True
    for page in ("dashboard:index", "members:list", "accounts:centre"):
        response = client.get(reverse(page))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:password_change")), page
    form = client.get(reverse("accounts:password_change") + "?next=/members/")
    assert "您的密码由管理员设置" in form.content.decode()

    done = change(client, SET_BY_ADMIN, OWN, next_url="/members/")
    assert done.status_code == 302 and done.url == "/members/"
    assert client.get(reverse("members:list")).status_code == 200  # still logged in, and free
    user.refresh_from_db()
    assert user.check_password(OWN)
    state = PasswordState.objects.get(user=user)
    assert not state.must_change and state.changed_at is not None
    entry = AuditEntry.objects.get(action=Action.ACCOUNT, details__change="password_changed")
    assert entry.username == "zhang3"
    # The next login goes straight in.
    again = Client()
    log_in(again, "zhang3", OWN)
    assert again.get(reverse("dashboard:index")).status_code == 200


def test_after_an_administrators_reset_the_user_changes_it_again(client_for, system_admin, secretary1):
    client_for(system_admin).post(
        reverse("accounts:user_password", args=[secretary1.pk]), {"password1": SET_BY_ADMIN, "password2": SET_BY_ADMIN}
    )
    assert PasswordState.objects.get(user=secretary1).must_change
    client = Client()
    log_in(client, "secretary1", SET_BY_ADMIN)
    assert client.get(reverse("dashboard:index")).url.startswith(reverse("accounts:password_change"))
    change(client, SET_BY_ADMIN, OWN)
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_the_demo_and_the_installation_owners_accounts_are_not_asked(client, secretary1):
    log_in(client, "secretary1")
    assert PASSWORD_CHANGE not in client.session
    assert client.get(reverse("dashboard:index")).status_code == 200


@pytest.mark.parametrize(
    ("old", "new", "repeat", "message"),
    [
        ("wrong-password-1", OWN, None, "当前密码不正确"),
        ("correct-horse-battery", "correct-horse-battery", None, "不能与当前密码相同"),
        ("correct-horse-battery", "1234567890123", None, "只包含数字"),
        ("correct-horse-battery", OWN, "Yongle-river-2028", "两次输入的密码不一致"),
    ],
)
def test_a_wrong_or_weak_change_is_refused_in_chinese_and_nothing_changes(
    client_for, secretary1, old, new, repeat, message
):
    client = client_for(secretary1)
    response = change(client, old, new, repeat)
    assert response.status_code == 200 and message in response.content.decode()
    secretary1.refresh_from_db()
    assert secretary1.check_password("correct-horse-battery")
    assert not AuditEntry.objects.filter(details__change="password_changed").exists()


def test_the_centre_lists_ones_own_logins_only(client, secretary1, secretary2):
    log_in(client, "secretary1", "not-the-password")
    log_in(Client(), "secretary2")
    log_in(client, "secretary1")
    page = client.get(reverse("accounts:centre")).content.decode()
    logins = page.split('id="centre-logins"', 1)[1]
    assert logins.count("<tr") == 3  # the header, one login, one failure
    assert "登录失败" in logins and "127.0.0.1" in logins
    assert "secretary2" not in page


def test_the_top_bar_shows_name_and_role_once_and_the_name_opens_the_centre(client_for, secretary1):
    secretary1.first_name = "李书记"
    secretary1.save()
    page = client_for(secretary1).get(reverse("dashboard:index")).content.decode()
    bar = page.split("</header>", 1)[0]
    assert bar.count("李书记") == 1 and bar.count("支部书记") == 1
    assert f'href="{reverse("accounts:centre")}"' in bar.split("李书记", 1)[0].rsplit("<a", 1)[1]


def test_a_secretary_turns_their_own_second_factor_off_with_password_and_code(client_for, secretary1):
    client = client_for(secretary1)
    device = TOTPDevice.objects.create(user=secretary1, name="手机", confirmed=True)
    assert "已开启" in client.get(reverse("accounts:centre")).content.decode()
    wrong = client.post(
        reverse("accounts:otp_remove"), {"password": "nope-nope-nope", "token": code_for(device)}, follow=True
    )
    assert "当前密码不正确" in wrong.content.decode() and TOTPDevice.objects.filter(user=secretary1).exists()
    client.post(reverse("accounts:otp_remove"), {"password": "correct-horse-battery", "token": code_for(device)})
    assert not TOTPDevice.objects.filter(user=secretary1).exists()
    assert AuditEntry.objects.filter(details__change="second_factor_removed").exists()


def test_a_role_that_must_have_a_second_factor_cannot_turn_it_off(client_for, county_admin, settings):
    client = client_for(county_admin)
    device = TOTPDevice.objects.create(user=county_admin, name="手机", confirmed=True)
    settings.OTP_REQUIRED = True
    page = client.get(reverse("accounts:centre")).content.decode()
    assert "必须使用身份验证器" in page and "关闭双因素登录" not in page
    response = client.post(
        reverse("accounts:otp_remove"), {"password": "correct-horse-battery", "token": code_for(device)}, follow=True
    )
    assert "不能关闭" in response.content.decode() and TOTPDevice.objects.filter(user=county_admin).exists()
