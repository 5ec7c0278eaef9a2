"""Findings of the penetration test that are not about one app: malformed input, error
pages, caching of exports, the health probe, formula cells in headers, the system
administrator's menu."""

import io

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from members.models import Member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/members/?q=%00", "/audit/?q=%00", "/admin/%00", "/members/?branch=%00", "/shuangbao/check-ins/?q=a%00b"],
)
def test_a_nul_byte_anywhere_in_the_address_is_a_chinese_400_not_a_500(client_for, county_admin, url):
    client = client_for(county_admin)
    before = AuditEntry.objects.count()
    response = client.get(url)
    assert response.status_code == 400
    assert "无法识别" in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_a_quote_in_the_admins_branch_filter_is_not_a_500(client_for, county_admin, alice):
    for url in ("/admin/members/member/?branch='", "/admin/shuangbao/checkin/?branch='"):
        assert client_for(county_admin).get(url).status_code in {200, 302}, url


def test_a_refusal_and_a_missing_page_are_chinese_pages_in_the_layout(client_for, auditor, secretary2, alice):
    refused = client_for(auditor).get(reverse("members:edit", args=[alice.pk]))
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "您无权打开此页面" in text and 'class="app-menu' in text and "返回首页" in text
    other = client_for(secretary2).get(reverse("members:detail", args=[alice.pk]))
    typo = client_for(secretary2).get("/members/does-not-exist/")
    assert other.status_code == typo.status_code == 404
    assert "页面不存在" in other.content.decode() and alice.name not in other.content.decode()
    # The 404 of an out-of-scope record reads exactly like any other 404.
    assert other.content.decode().replace(f"/members/{alice.pk}/", "").count("页面不存在") == (
        typo.content.decode().count("页面不存在")
    )


def test_a_visitor_gets_the_404_page_without_the_menu(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text and 'class="app-menu' not in text


def test_the_500_page_is_chinese_and_needs_no_request():
    from anren_registry.views import server_error

    response = server_error(None)
    assert response.status_code == 500 and "系统出错" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_gets_the_expired_form_page(county_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("members:create"), {"name": "x"})
    assert response.status_code == 403 and "表单已过期" in response.content.decode()


def test_exports_are_never_cached(client_for, county_admin, alice):
    response = client_for(county_admin).get(reverse("members:export"))
    assert "no-store" in response["Cache-Control"]


def test_a_header_cell_typed_as_a_formula_stays_text(client_for, county_admin, alice):
    """The 流出地×流入地 export: a work city became a live formula in its header row."""
    Member.objects.filter(pk=alice.pk).update(work_city="=WEBSERVICE(1)")
    response = client_for(county_admin).get(reverse("dashboard:origin_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "'=WEBSERVICE(1)" in cells
    assert not any(isinstance(value, str) and value.startswith("=") for value in cells)


def test_healthz_answers_plain_http_with_debug_off():
    with override_settings(DEBUG=False, SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$"]):
        from django.conf import settings

        assert settings.SECURE_REDIRECT_EXEMPT  # what settings.py sets when debug is off
        assert Client().get("/healthz").status_code == 200
        assert Client().get("/members/").status_code == 301


def test_the_settings_exempt_healthz_from_the_https_redirect():
    import subprocess
    import sys

    code = "from anren_registry import settings; print(settings.SECURE_REDIRECT_EXEMPT)"
    env = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "a", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "healthz" in out.stdout


def test_the_system_administrator_lands_on_the_accounts_and_its_menu_has_no_business_page(client_for, system_admin):
    client = client_for(system_admin)
    home = client.get("/")
    assert home.status_code == 302 and home.url == reverse("accounts:user_list")
    menu = client.get(reverse("accounts:user_list")).content.decode()
    assert reverse("members:list") not in menu and reverse("meetings:list") not in menu
    assert reverse("accounts:user_list") in menu
    for url in ("/meetings/", "/statistics/", "/branches/", "/meetings/compliance/"):
        assert client.get(url).status_code == 403, url


def test_the_demo_with_debug_on_shows_the_chinese_404_not_the_url_list(client_for, secretary1, settings):
    settings.DEBUG = True
    response = client_for(secretary1).get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in text and "URLconf" not in text
    assert client_for(secretary1).get("/members/?q=%00").status_code == 400
