"""What the assistance models share: money fields, and rows that belong to a committee or one of its branches."""

from decimal import Decimal

from django.core.validators import MinValueValidator

from branches.scoping import scoped_queryset

MONEY = {"max_digits": 14, "decimal_places": 2, "default": Decimal("0"), "validators": [MinValueValidator(0)]}

# Rows that belong to a committee, and to one of its branches or to all of it.
CommitteeWideQuerySet = scoped_queryset(branch_path="branch", committee_path="committee", committee_wide_path="branch")
