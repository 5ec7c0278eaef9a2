"""The dues admin follows the pages' rules: bases, accounts and payments are read only
(dues.services checks them on the pages); a 上缴 keeps its one-a-month rule."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from dues.models import Payment, Remittance
from dues.months import month_index
from dues.services import record_payment

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_payments_are_read_only_in_the_admin(based, client_for, county_admin):
    alice = based()
    payment = record_payment(
        alice, month_count=1, amount=Decimal(40), paid_on=datetime.date(2026, 3, 20), way="cash", collected_by="周书记"
    )
    client = client_for(county_admin)
    changelist = client.get(reverse("admin:dues_payment_changelist")).content.decode()
    assert payment.receipt_number in changelist
    assert client.get(reverse("admin:dues_payment_add")).status_code == 403
    change = reverse("admin:dues_payment_change", args=[payment.pk])
    assert client.get(change).status_code == 200  # the view page, no form
    client.post(change, {"amount": "1", "first_month": "1", "last_month": "1"})
    payment.refresh_from_db()
    assert payment.amount == Decimal("40.00")
    for name in ("dues_duesaccount", "dues_duesbase"):
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403, name


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_a_second_remittance_for_the_month_is_refused_in_the_admin(client_for, county_admin, branch1):
    Remittance.objects.create(branch=branch1, month=month_index(2026, 2), amount=Decimal(40), remitted_on="2026-03-05")
    data = {"branch": branch1.pk, "month": month_index(2026, 2), "amount": "50", "remitted_on": "2026-03-20"}
    response = client_for(county_admin).post(reverse("admin:dues_remittance_add"), data)
    assert response.status_code == 200 and "该月党费已上缴" in response.content.decode()
    assert Remittance.objects.count() == 1 and not Payment.objects.exists()
