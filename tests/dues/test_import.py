"""The payment sheet: checked whole, previewed, then written all or nothing (fixed clock)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dues.importing import check_sheet, import_sheet
from dues.models import DuesAccount, Payment
from dues.months import month_index
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def march():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


D = Decimal


def sheet(*rows, header=("姓名", "公民身份号码", "交纳日期", "交纳方式", "2026年1月", "2026年2月", "2026年3月")):
    lines = ["2026年党费收缴表", ",".join(header), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


@pytest.fixture
def two(based, branch1):
    alice = based()
    bob = MemberFactory(name="李二", branch=branch1)
    based(member=bob, income="2000")  # 10 yuan a month
    return alice, bob


def test_a_good_sheet_is_previewed_then_written_whole(two, secretary1):
    alice, _bob = two
    data = sheet(
        ("王阿丽", alice.id_number, "2026-03-15", "微信", "40", "40", "40"),
        ("李二", "", "", "现金", "✓", "✓", ""),
    )
    report = check_sheet(data, user=secretary1)
    assert report.ok, [row.errors for row in report.rows]
    assert [(row.month_count, row.amount) for row in report.rows] == [(3, D(120)), (2, D(20))]
    assert not Payment.objects.exists()
    report = import_sheet(data, user=secretary1, collected_by="周书记", file_name="三月.csv")
    assert report.written
    assert dict(DuesAccount.objects.values_list("member__name", "paid_through")) == {
        "王阿丽": month_index(2026, 3),
        "李二": month_index(2026, 2),
    }
    assert Payment.objects.get(member=alice).paid_on == datetime.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("王阿丽", "", "", "", "40", "", "40"), "不能有空缺"),
        (("王阿丽", "", "", "", "", "40", ""), "须先交2026年1月"),
        (("王阿丽", "", "", "", "-40", "", ""), "不能为负数"),
        (("王阿丽", "", "", "", "4000", "", ""), "十倍"),
        (("王阿丽", "", "", "刷卡", "40", "", ""), "交纳方式"),
        (("王阿丽", "", "2026-04-01", "", "40", "", ""), "不能晚于今天"),
        (("张无名", "", "", "", "40", "", ""), "找不到"),
        (("王阿丽", "", "", "", "四十", "", ""), "既不是金额"),
    ],
)
def test_one_bad_row_and_nothing_is_written(two, secretary1, row, message):
    _alice, _bob = two
    data = sheet(row, ("李二", "", "", "", "10", "", ""))
    report = import_sheet(data, user=secretary1, collected_by="周书记")
    assert not report.written
    assert message in " ".join(report.bad_rows[0].errors)
    assert report.bad_rows[0].number == 3  # the spreadsheet's row: title, header, then this one
    assert not Payment.objects.exists()


def test_months_already_paid_and_members_out_of_scope(two, secretary2, secretary1):
    _alice, _bob = two
    assert "找不到" in " ".join(
        check_sheet(sheet(("王阿丽", "", "", "", "40", "", "")), user=secretary2).rows[0].errors
    )
    import_sheet(sheet(("王阿丽", "", "", "", "40", "", "")), user=secretary1, collected_by="周书记")
    again = check_sheet(sheet(("王阿丽", "", "", "", "40", "40", "")), user=secretary1)
    assert "2026年1月已交" in " ".join(again.rows[0].errors)


def test_a_file_without_month_columns_is_refused(secretary1, branch1):
    report = check_sheet("姓名,金额\n王阿丽,40\n".encode(), user=secretary1)
    assert report.file_errors and "月份" in report.file_errors[0]


def test_the_pages_preview_and_confirm(two, client_for, secretary1):
    _alice, _bob = two
    client = client_for(secretary1)
    upload = SimpleUploadedFile("三月.csv", sheet(("王阿丽", "", "", "", "40", "40", "")))
    page = client.post(reverse("dues:import"), {"file": upload})
    assert page.status_code == 200 and "确认导入" in page.content.decode()
    assert not Payment.objects.exists()
    token = page.context["token"]
    assert client.post(reverse("dues:import_confirm"), {"token": "forged"}).status_code == 302
    assert not Payment.objects.exists()
    assert client.post(reverse("dues:import_confirm"), {"token": token}).status_code == 302
    assert Payment.objects.get().month_count == 2
    template = client.get(reverse("dues:import_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
