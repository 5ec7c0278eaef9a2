"""The dues pages: a payment through the form, its errors in Chinese, scope, the receipt,
the arrears list, the ledger, the yearly report and the dashboard's 收缴率."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from dues.models import Payment, PaymentMonth, Remittance
from dues.months import month_index

pytestmark = pytest.mark.django_db
D = Decimal


def payment_data(**changes):
    return {
        "first_month": str(month_index(2026, 1)),
        "month_count": "3",
        "amount": "120",
        "paid_on": "2026-03-20",
        "way": "wechat",
        "collected_by": "周书记",
        "note": "",
    } | changes


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_a_secretary_records_three_months_and_paid_up_to_moves(based, client_for, secretary1):
    alice = based()
    client = client_for(secretary1)
    page = client.get(reverse("dues:member", args=[alice.pk])).content.decode()
    assert "尚未交纳" in page and "核定党费基数" in page
    response = client.post(reverse("dues:payment_create", args=[alice.pk]), payment_data())
    assert response.status_code == 302
    page = client.get(reverse("dues:member", args=[alice.pk])).content.decode()
    assert "2026年3月" in page and "2026年1月—2026年3月" in page
    payment = Payment.objects.get()
    receipt = client.get(reverse("dues:receipt", args=[payment.pk])).content.decode()
    assert "党费收据" in receipt and payment.receipt_number in receipt and "120.00" in receipt
    # The member's file shows it too.
    assert "党费交至" in client.get(reverse("members:detail", args=[alice.pk])).content.decode()


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "-5"}, "金额不能为负数"),
        ({"amount": "1300"}, "超过应交120.00元的十倍"),
        ({"month_count": "16"}, "预交党费最多12个月"),
        ({"first_month": str(month_index(2026, 2)), "month_count": "1", "amount": "40"}, "须先交2026年1月"),
    ],
)
def test_a_bad_payment_gets_a_chinese_message_and_nothing_is_written(based, client_for, secretary1, changes, message):
    alice = based()
    response = client_for(secretary1).post(reverse("dues:payment_create", args=[alice.pk]), payment_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Payment.objects.exists() and not PaymentMonth.objects.exists()


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_over_ten_times_passes_with_the_confirmation_and_a_note(based, client_for, secretary1):
    alice = based()
    data = payment_data(amount="1300", confirm_far="on", note="自愿多交")
    assert client_for(secretary1).post(reverse("dues:payment_create", args=[alice.pk]), data).status_code == 302
    assert Payment.objects.get().amount == D(1300)


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_another_branch_gets_a_404_and_the_auditor_a_403(based, client_for, secretary2, auditor):
    alice = based()
    url = reverse("dues:payment_create", args=[alice.pk])
    assert client_for(secretary2).post(url, payment_data()).status_code == 404
    assert client_for(secretary2).get(reverse("dues:member", args=[alice.pk])).status_code == 404
    assert client_for(auditor).post(url, payment_data()).status_code == 403
    assert not Payment.objects.exists()


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_a_member_not_on_the_roll_cannot_pay(based, client_for, secretary1):
    alice = based()
    alice.status = "deceased"
    alice.save()
    response = client_for(secretary1).post(reverse("dues:payment_create", args=[alice.pk]), payment_data())
    assert response.status_code == 200 and "不在册" in response.content.decode()
    assert not Payment.objects.exists()


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_the_base_form_computes_the_standard_by_the_tiers(alice, client_for, secretary1):
    client = client_for(secretary1)
    url = reverse("dues:base_edit", args=[alice.pk])
    data = {"from_month": str(month_index(2026, 1)), "kind": "in_work", "income": "5000", "reason": ""}
    assert client.post(url, data).status_code == 302
    alice.dues_account.refresh_from_db()
    assert alice.dues_account.standard == D("50.00")
    # A set amount needs the branch's reason.
    response = client.post(url, {"from_month": str(month_index(2026, 3)), "kind": "set_amount", "amount": "5"})
    assert "理由" in response.content.decode()


@time_machine.travel("2026-08-20 10:00 +0800", tick=False)
def test_arrears_ledger_report_and_dashboard(based, client_for, committee_staff, branch1):
    alice = based()  # nothing paid since January: seven months behind on 2026-08-20
    client = client_for(committee_staff)
    arrears = client.get(reverse("dues:arrears")).content.decode()
    assert "王阿丽" in arrears and "table-danger" in arrears
    client.post(reverse("dues:account_edit", args=[alice.pk]), {"collector": "inflow", "arrears_reason": "工伤住院"})
    client.get("/")  # the message is shown once
    assert "王阿丽" not in client.get(reverse("dues:arrears") + "?lapsed=on").content.decode()
    Remittance.objects.create(branch=branch1, month=month_index(2026, 7), amount=D(0), remitted_on="2026-08-05")
    ledger = client.get(reverse("dues:ledger") + f"?branch={branch1.pk}&year=2026").content.decode()
    assert "2026-08-05" in ledger and "320.00" in ledger  # eight months at 40 yuan expected
    report = client.get(reverse("dues:report") + "?year=2026").content.decode()
    assert "年度党费收缴情况表" in report and f'data-branch="{branch1.pk}"' in report
    sheet = load_workbook(filename=__import__("io").BytesIO(client.get(reverse("dues:report_xlsx")).content)).active
    assert any(branch1.name in str(cell.value) for row in sheet.iter_rows() for cell in row)
    dashboard = client.get("/").content.decode()
    assert 'data-kpi="dues_rate"' in dashboard and "0.0%" in dashboard
