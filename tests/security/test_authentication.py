import datetime
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.rules import issue_enrolment_code
from accounts.sessions import LAST_SEEN_AT, SECOND_FACTOR, STARTED_AT
from audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def reset_throttle(device):
    """A wrong code starts django-otp's back-off (1 s, then 2 s …); a test does not wait it out."""
    device.refresh_from_db()
    device.throttle_reset()


# --- passwords and lockout ----------------------------------------------------------------------


@pytest.mark.parametrize("password", ["short1234", "1234567890123", "password1234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_decent_password_is_accepted():
    validate_password("Yongle-river-2026")


def test_five_failures_from_one_address_lock_that_name_there_for_15_minutes(secretary1):
    for _ in range(5):
        log_in(Client(REMOTE_ADDR="10.0.0.7"), "secretary1", "wrong-password-x")
    response = log_in(Client(REMOTE_ADDR="10.0.0.7"), "secretary1")  # even the right password
    assert response.status_code == 429
    text = response.content.decode()
    assert "账号已锁定" in text and "15分钟" in text
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED, details__reason="locked_out").exists()


def test_a_stranger_cannot_lock_the_administrator_out_from_elsewhere(county_admin):
    """The finding: five POSTs from anywhere locked any named account."""
    county_admin.set_password("Correct-horse-2026")
    county_admin.save()
    for _ in range(5):
        log_in(Client(REMOTE_ADDR="203.0.113.9"), "county", "wrong-password-x")
    office = log_in(Client(REMOTE_ADDR="10.1.1.1"), "county", "Correct-horse-2026")
    assert office.status_code == 302


def test_a_name_attacked_from_many_addresses_is_locked_at_the_higher_count(secretary1, settings):
    settings.LOGIN_FAILURES_PER_NAME = 8
    for attempt in range(8):
        log_in(Client(REMOTE_ADDR=f"198.51.100.{attempt + 1}"), "secretary1", "wrong-password-x")
    assert log_in(Client(REMOTE_ADDR="10.0.0.99"), "secretary1").status_code == 429


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(secretary1, settings):
    from audit.log import client_ip

    request = Client().get("/healthz").wsgi_request
    request.META.update(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10")
    assert client_ip(request) == "10.9.9.9"  # nobody trusted: the header is anyone's to write
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "192.0.2.10"  # what our nginx saw, not what the client claimed
    request.META["HTTP_X_FORWARDED_FOR"] = "not-an-address"
    assert client_ip(request) == "10.9.9.9"


def test_the_lockout_of_one_user_does_not_lock_out_another_at_the_same_office(secretary1, secretary2):
    for _ in range(5):
        log_in(Client(), "secretary1", "wrong-password-x")
    assert log_in(Client(), "secretary2").status_code == 302


def test_four_failures_do_not_lock(secretary1):
    for _ in range(4):
        log_in(Client(), "secretary1", "wrong-password-x")
    assert log_in(Client(), "secretary1").status_code == 302


# --- session timeouts ---------------------------------------------------------------------------


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_session_idle_for_more_than_30_minutes_ends(client_for, secretary1):
    client = client_for(secretary1)
    assert client.get(reverse("dashboard:index")).status_code == 200
    _age_session(client, **{LAST_SEEN_AT: 31 * 60})
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("dashboard:index")).status_code == 302  # logged out for good


def test_a_session_idle_for_29_minutes_goes_on(client_for, secretary1):
    client = client_for(secretary1)
    _age_session(client, **{LAST_SEEN_AT: 29 * 60})
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_a_busy_session_still_ends_12_hours_after_login(client_for, secretary1):
    client = client_for(secretary1)
    _age_session(client, **{STARTED_AT: 12 * 3600 + 60, LAST_SEEN_AT: 10})
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- two-factor login ---------------------------------------------------------------------------


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED = True


def test_the_auditor_must_set_up_an_authenticator_when_it_is_required(client, auditor, otp_required):
    code = issue_enrolment_code(auditor, issued_by="manage.py")
    log_in(client, "auditor")
    assert client.session[SECOND_FACTOR] == "setup"
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_setup"))
    page = client.get(response.url)
    assert "两步验证" in page.content.decode() and "<svg" in page.content.decode() and "注册码" in page.content.decode()
    assert not TOTPDevice.objects.exists()  # a GET binds nothing to the account
    device = TOTPDevice(key=client.session["otp_setup_key"])
    wrong = code_for(device)[::-1] if code_for(device)[::-1] != code_for(device) else "000000"
    refused = client.post(reverse("accounts:otp_setup"), {"enrolment_code": code, "token": wrong})
    assert "验证码不正确" in refused.content.decode() and not TOTPDevice.objects.exists()
    done = client.post(reverse("accounts:otp_setup"), {"enrolment_code": code, "token": code_for(device), "next": "/"})
    assert done.status_code == 302 and done.url == "/"
    assert client.get(reverse("dashboard:index")).status_code == 200
    assert TOTPDevice.objects.get(user=auditor).confirmed


def test_the_password_alone_cannot_enrol_an_authenticator(client, auditor, otp_required):
    """The finding: with only the auditor's password an attacker enrolled their own app."""
    log_in(client, "auditor")
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice(key=client.session["otp_setup_key"])
    for guess in ("", "AAAAAAAAAA"):
        response = client.post(reverse("accounts:otp_setup"), {"enrolment_code": guess, "token": code_for(device)})
        assert response.status_code == 200
    assert not TOTPDevice.objects.exists()
    assert client.get(reverse("audit:entry_list")).status_code == 302  # still sent to the setup


def test_an_enrolment_code_works_once_and_for_24_hours(client, auditor, otp_required):
    import time_machine
    from django.utils import timezone

    code = issue_enrolment_code(auditor, issued_by="manage.py")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        log_in(client, "auditor")
        client.get(reverse("accounts:otp_setup"))
        device = TOTPDevice(key=client.session["otp_setup_key"])
        late = client.post(reverse("accounts:otp_setup"), {"enrolment_code": code, "token": code_for(device)})
        assert "24" in late.content.decode() and not TOTPDevice.objects.exists()


def test_the_system_administrator_issues_a_code_shown_once_and_logged(client_for, system_admin, secretary1):
    response = client_for(system_admin).post(reverse("accounts:user_enrolment_code", args=[secretary1.pk]), follow=True)
    text = response.content.decode()
    assert "注册码" in text and "24" in text
    from accounts.models import EnrolmentCode

    stored = EnrolmentCode.objects.get(user=secretary1)
    assert stored.issued_by == "sysadmin" and len(stored.code_hash) > 20
    assert AuditEntry.objects.filter(action=Action.ACCOUNT, details__change="enrolment_code").exists()


def test_a_user_with_an_authenticator_enters_a_code_after_the_password(client, county_admin):
    device = TOTPDevice.objects.create(user=county_admin, name="手机", confirmed=True)
    log_in(client, "county")
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))
    wrong = client.post(reverse("accounts:otp_verify"), {"token": "12345"})
    assert wrong.status_code == 200 and client.get(reverse("dashboard:index")).status_code == 302
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED, details__reason="second_factor").count() == 0
    client.post(reverse("accounts:otp_verify"), {"token": "999999" if code_for(device) != "999999" else "888888"})
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED, details__reason="second_factor").count() == 1
    reset_throttle(device)
    response = client.post(reverse("accounts:otp_verify"), {"token": code_for(device), "next": "/"})
    assert response.status_code == 302 and client.get(reverse("dashboard:index")).status_code == 200


def test_a_secretary_logs_in_with_a_password_alone_even_when_the_second_factor_is_required(
    client, secretary1, otp_required
):
    log_in(client, "secretary1")
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_with_the_requirement_relaxed_the_auditor_logs_in_with_a_password_alone(client, auditor, settings):
    settings.OTP_REQUIRED = False
    log_in(client, "auditor")
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_the_second_factor_is_required_whenever_debug_is_off():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.OTP_REQUIRED)"
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_SETTINGS_MODULE": "anren_registry.settings",
        "PATH": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"


def test_the_demo_login_page_says_the_demo_accounts_use_a_password_alone(client, settings):
    settings.DEBUG = True
    text = client.get(reverse("login")).content.decode()
    assert "演示" in text and "anren2021demo" in text


def test_password_rules_speak_chinese():
    """The finding: Django's "This password is too short…" appeared in English."""
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password("a1b2")
    assert refused.value.messages == ["密码太短，至少需要 10 个字符。"]
