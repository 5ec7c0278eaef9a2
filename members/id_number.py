"""公民身份号码 (GB 11643-1999): normalising, validating, masking.

One implementation serves the model, the forms and the imports, so all three
give the same Chinese message for the same mistake.
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def normalize_id_number(value: str) -> str:
    """Full-width digits and letters to half-width, spaces removed, x to X."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).upper()


def check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def birth_date_of(id_number: str) -> datetime.date:
    return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def gender_of(id_number: str) -> str:
    """'male' or 'female': the 17th digit is odd for men."""
    return "male" if int(id_number[16]) % 2 else "female"


def validate_id_number(value: str, *, today=None) -> None:
    """GB 11643: 17 digits and a check digit, a real birth date inside, not in the future.
    ``today``: given once by a caller checking thousands of numbers (a roster import)."""
    number = normalize_id_number(value)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("An ID number has 18 characters: 17 digits and a digit or X."), code="id_format")
    try:
        born = birth_date_of(number)
    except ValueError:
        raise ValidationError(
            _("The birth date inside the ID number is not a real date."), code="id_birth_date"
        ) from None
    if born < datetime.date(1900, 1, 1) or born > (today or timezone.localdate()):
        raise ValidationError(_("The birth date inside the ID number is not possible."), code="id_birth_date")
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(
            _("The check digit of the ID number is wrong; please check each digit."), code="id_check_digit"
        )


def make_id_number(area_code: str, born: datetime.date, sequence: int) -> str:
    """A valid number for demo data and tests: area, birth date, 3-digit sequence, check digit."""
    first17 = f"{area_code}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_digit(first17)


def mask_id_number(value: str) -> str:
    """431028********123X: the first 6 (the area) and last 4 characters kept.

    The same form on every page, export and admin screen. The hidden middle is the birth
    date, so wherever a number is masked the birth date beside it shows only its year
    (``birth_year``): the month and day are then ~365 candidates, of which the check
    digit in the last 4 leaves about 33, and no search answers a guess (a search by
    more than the last 4 characters is for roles with the right, and logged). See
    docs/security.md.
    """
    if not value or len(value) < 10:
        return "*" * len(value or "")
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


# How many trailing characters anyone may search by; longer is a full-number look-up.
PUBLIC_TAIL = 4


def birth_year(born) -> str:
    """The birth date as shown beside a masked number: the year only (1985年)."""
    return f"{born.year}年" if born else ""


def mask_name(name: str) -> str:
    """王*丽, 王*: the surname and, for three characters or more, the last one kept (the public
    QR sign-in answers with this, never the full name: issue 18)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
