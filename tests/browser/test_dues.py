import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dues.models import Payment
from dues.months import label, month_index
from dues.services import set_base
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, Role, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_records_a_three_month_payment_on_a_phone_and_paid_up_to_moves(live_server, page):
    branch = BranchFactory(committee=CommitteeFactory(dues_collector="inflow"), ordinal=2, name="第二党支部")
    user_with_role("branch2", Role.BRANCH_SECRETARY, branch=branch)
    member = MemberFactory(name="曹红梅", branch=branch, joined_party_on=datetime.date(2010, 7, 1))
    this_month = month_index(timezone.localdate())
    set_base(member, kind="in_work", income=Decimal(4500), from_month=this_month)  # 45 yuan a month
    page.set_viewport_size({"width": 390, "height": 844})  # a secretary's phone

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "branch2")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/members/{member.pk}/")
    page.get_by_role("link", name="党费页").click()
    assert page.inner_text("#paid-through") == "尚未交纳"
    page.click("#pay-button")
    page.fill("input[name=month_count]", "3")
    page.fill("input[name=amount]", "135")
    page.select_option("select[name=way]", "wechat")
    page.get_by_role("button", name="登记交纳").click()
    page.wait_for_selector("#paid-through")
    assert page.inner_text("#paid-through") == label(this_month + 2)
    assert "交纳" in page.inner_text(".alert-success") and "135" in page.inner_text(".alert-success")
    # Nothing sticks out of a phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    payment = Payment.objects.get()
    assert (payment.first_month, payment.last_month, payment.amount) == (this_month, this_month + 2, Decimal(135))
    page.get_by_role("link", name="收据").click()
    assert "党费收据" in page.content() and payment.receipt_number in page.content()
