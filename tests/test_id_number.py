import datetime

import pytest
from django.core.exceptions import ValidationError

from members.id_number import (
    birth_date_of,
    gender_of,
    make_id_number,
    mask_id_number,
    normalize_id_number,
    validate_id_number,
)

# Published example of GB 11643: 11010519491231002X is valid.
VALID = ["11010519491231002X", make_id_number("431028", datetime.date(1985, 5, 20), 123)]


@pytest.mark.parametrize("number", VALID)
def test_it_accepts_valid_numbers(number):
    validate_id_number(number)


def test_it_normalises_full_width_digits_spaces_and_lowercase_x():
    assert normalize_id_number("１１０１０５ 19491231002x") == "11010519491231002X"
    validate_id_number("１１０１０５19491231002x")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010519491231002", "id_format"),  # 17 characters
        ("1101051949123100211", "id_format"),  # 19 characters
        ("11010519491231002Y", "id_format"),
        ("110105194912310021", "id_check_digit"),  # wrong check digit
        ("110105194902300025", "id_birth_date"),  # 30 February
        ("110105230001010010", "id_birth_date"),  # born in 2300
    ],
)
def test_it_rejects_bad_numbers_with_a_reason(number, code):
    with pytest.raises(ValidationError) as error:
        validate_id_number(number)
    assert error.value.code == code


def test_birth_date_and_gender_come_from_the_number():
    number = make_id_number("431028", datetime.date(1990, 2, 3), 124)
    assert birth_date_of(number) == datetime.date(1990, 2, 3)
    assert gender_of(number) == "female"
    assert gender_of(make_id_number("431028", datetime.date(1990, 2, 3), 125)) == "male"


def test_masking_keeps_only_the_first_six_and_last_four():
    assert mask_id_number("43102819850520123X") == "431028********123X"


def test_masking_hides_a_short_value_whole():
    assert mask_id_number("12345") == "*****"
    assert mask_id_number("") == ""


# 00:30 on New Year's Day in Anren is 16:30 on New Year's Eve in UTC; the machine's own
# clock is set to UTC here (time-machine sets TZ), as on many servers.
@pytest.mark.time_machine(datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC), tick=False)
def test_a_baby_born_today_in_china_has_a_possible_birth_date_while_utc_is_still_on_yesterday():
    validate_id_number(make_id_number("431028", datetime.date(2027, 1, 1), 1))
    with pytest.raises(ValidationError) as error:
        validate_id_number(make_id_number("431028", datetime.date(2027, 1, 2), 1))
    assert error.value.code == "id_birth_date"
