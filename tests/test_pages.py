import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_the_login_page_is_chinese_even_for_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = response.content.decode()
    assert 'name="username"' in text and 'name="password"' in text
    assert "登录" in text and "Log in" not in text


def test_english_only_when_picked(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get("/accounts/login/").content.decode()


def test_logging_in_with_the_form_reaches_the_dashboard(client, secretary1):
    response = client.post("/accounts/login/", {"username": "secretary1", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response.url == "/"


def test_the_dashboard_counts_only_the_users_scope(client_for, secretary1, alice, bob):
    response = client_for(secretary1).get("/")
    assert response.context["totals"]["total"] == 1
    assert [b.name for b in response.context["branches"]] == ["第一党支部"]
    assert "第二党支部" not in response.content.decode()


def test_the_dashboard_splits_direct_and_mobile(client_for, county_admin, alice, bob, branch1):
    from members.models import Category
    from tests.factories import MemberFactory

    MemberFactory(branch=branch1, category=Category.DIRECT)
    totals = client_for(county_admin).get("/").context["totals"]
    assert (totals["total"], totals["direct"], totals["mobile"]) == (3, 1, 2)
