"""The monthly standard against the 2008 rules' text (docs/dues.md): each tier's upper bound
is included in it (“3000元以下(含3000元)”), the next fen above is the next tier."""

from decimal import Decimal

import pytest

from dues.standard import PayerKind, monthly_standard

D = Decimal


@pytest.mark.parametrize(
    ("income", "standard"),
    [
        ("0", "0.00"),
        ("2999.99", "15.00"),  # 0.5 %: 14.99995 rounds half up to the fen
        ("3000", "15.00"),  # 含3000元: still 0.5 %
        ("3000.01", "30.00"),  # 3000元以上: 1 %
        ("4321", "43.21"),
        ("5000", "50.00"),  # 含5000元: 1 %
        ("5000.01", "75.00"),  # 5000元以上: 1.5 %
        ("10000", "150.00"),  # 含10000元: 1.5 %
        ("10000.01", "200.00"),  # 10000元以上: 2 %
        ("25000", "500.00"),
        ("3333.33", "33.33"),
        ("1234.50", "6.17"),  # 6.1725 → 6.17
        ("1235", "6.18"),  # 6.175 → 6.18 (half up)
    ],
)
def test_in_work_tiers_and_their_boundaries(income, standard):
    assert monthly_standard(PayerKind.IN_WORK, D(income)) == D(standard)


@pytest.mark.parametrize(
    ("pension", "standard"),
    [
        ("2000", "10.00"),
        ("5000", "25.00"),  # 5000元以下(含5000元) 0.5 %
        ("5000.01", "50.00"),  # 5000元以上 1 %
        ("8000", "80.00"),
    ],
)
def test_retired_members_pay_by_the_pension_tiers(pension, standard):
    assert monthly_standard(PayerKind.RETIRED, D(pension)) == D(standard)


@pytest.mark.parametrize("kind", [PayerKind.STUDENT, PayerKind.UNEMPLOYED, PayerKind.SUBSISTENCE])
def test_students_the_unemployed_and_those_on_subsistence_pay_two_jiao(kind):
    assert monthly_standard(kind) == D("0.20")
    assert monthly_standard(kind, D(8000)) == D("0.20")  # an income given by mistake changes nothing


@pytest.mark.parametrize("amount", ["0.2", "0.5", "1"])
def test_a_farmer_pays_what_is_chosen_between_two_jiao_and_one_yuan(amount):
    assert monthly_standard(PayerKind.FARMER, amount=D(amount)) == D(amount).quantize(D("0.01"))


@pytest.mark.parametrize("amount", ["0.19", "1.01", None])
def test_a_farmer_amount_outside_the_range_is_refused(amount):
    with pytest.raises(ValueError):
        monthly_standard(PayerKind.FARMER, amount=None if amount is None else D(amount))


def test_a_set_amount_is_paid_as_set_and_must_be_above_zero():
    assert monthly_standard(PayerKind.SET_AMOUNT, amount=D("5")) == D("5.00")
    with pytest.raises(ValueError):
        monthly_standard(PayerKind.SET_AMOUNT, amount=D(0))


def test_an_income_kind_needs_an_income():
    with pytest.raises(ValueError):
        monthly_standard(PayerKind.IN_WORK)
    with pytest.raises(ValueError):
        monthly_standard(PayerKind.RETIRED, D(-1))
