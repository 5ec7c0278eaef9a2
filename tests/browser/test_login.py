import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_and_sees_the_dashboard_in_chinese(live_server, page):
    call_command("seed_demo", verbosity=0)
    page.goto(f"{live_server.url}/accounts/login/")
    assert "登录" in page.content()
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "anren2021demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("[data-kpi=members] .kpi-value").inner_text() == "588"
    assert page.locator("[data-kpi=direct] .kpi-value").inner_text() == "138"
    assert page.locator("[data-kpi=mobile] .kpi-value").inner_text() == "450"
    assert "工作台" in page.content()
