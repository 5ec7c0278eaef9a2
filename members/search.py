"""Finding member files fast on a roster of 100,000: keyword search and filter choices.

Chinese names are two or three characters, and a user types two of them ("谭建",
"建国"). pg_trgm cannot index that (a trigram needs three characters), and a plain
``LIKE '%谭建%'`` reads every row: 45–85 ms at 100,000 members. On PostgreSQL the
migration ``members.0003`` adds ``anren_grams(text)`` — every character and every
pair of neighbouring characters, lower-cased — and GIN indexes on it for the name,
the employer and the phone number. A search for "谭建" asks the index for rows whose
grams contain {谭, 建, 谭建}, then checks the candidates with ``LIKE``; the index
narrows 100,000 rows to the few dozen that match. Other databases (SQLite for a
county's few thousand files) scan, which is fast enough at that size.
"""

import re

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.functions import Reverse
from django.db.models.lookups import StartsWith

from audit.log import record
from audit.models import Action
from branches.permissions import can_view_full_id_number
from members.id_number import PUBLIC_TAIL

ID_TAIL = re.compile(r"^[0-9Xx]{4,18}$")


def _compact(value: str) -> str:
    """The search value as matched: without the spaces people type into numbers."""
    return "".join(value.split())


def is_id_lookup(value: str) -> bool:
    """A search by more of an ID number than its last 4 characters: only for roles
    with the right to full numbers, and logged as a full-number look-up."""
    value = _compact(value)
    return bool(ID_TAIL.match(value)) and len(value) > PUBLIC_TAIL


def query_grams(value: str) -> list[str]:
    """The grams a match must contain: the pairs of a longer value (a single character's
    posting list is long, a pair's short), the character itself for a one-character one."""
    value = value.lower()
    if len(value) == 1:
        return [value]
    return sorted({value[i : i + 2] for i in range(len(value) - 1)})


def grams_contain(field: str, value: str):
    """``anren_grams(field) @> ARRAY[…]``: answered by the field's GIN index."""
    return Func(
        F(field),
        Value(query_grams(value)),
        template="anren_grams(%(expressions)s)::text[]",
        arg_joiner=") @> (",
        output_field=BooleanField(),
    )


def _uses_grams() -> bool:
    return connection.vendor == "postgresql"


def keyword_condition(value: str, *, full_id: bool = False) -> Q | None:
    """Name, employer, phone digits or the last digits of the ID number; None for nothing.

    Without ``full_id`` (the right to full numbers) only the last 4 characters search:
    a longer value would confirm a guessed number."""
    value = _compact(value)
    if not value:
        return None
    fields = ["name", "employer"]
    if value.isdigit():
        fields.append("phone")
    condition = Q()
    for field in fields:
        contains = Q(**{f"{field}__icontains": value})
        condition |= (Q(grams_contain(field, value)) & contains) if _uses_grams() else contains
    if ID_TAIL.match(value) and (full_id or not is_id_lookup(value)):
        # "Ends with 123X" as "the reversed number starts with X321": on PostgreSQL the
        # index of migration 0005 answers it, so the whole OR stays on indexes.
        condition |= Q(StartsWith(Reverse("id_number"), value.upper()[::-1]))
    return condition


def search_members(queryset, value: str, *, full_id: bool = False):
    condition = keyword_condition(value, full_id=full_id)
    return queryset if condition is None else queryset.filter(condition)


def search_for(request, queryset, value: str):
    """The search of a page or the admin on behalf of ``request.user``: a look-up by more
    than the last 4 characters of an ID number needs the right to full numbers and is
    logged like a reveal; without the right it matches no ID number at all."""
    full_id = can_view_full_id_number(request.user)
    if full_id and is_id_lookup(value):
        record(request, Action.VIEW_ID_NUMBER, via="search", what=_compact(value)[-PUBLIC_TAIL:])
    return search_members(queryset, value, full_id=full_id)


def distinct_values(queryset, field: str) -> list[str]:
    """The distinct non-empty values of ``field`` among ``queryset``'s rows, sorted.

    ``SELECT DISTINCT`` reads every row (8–12 ms at 100,000 members). On PostgreSQL
    this walks the field's index instead, one step per distinct value (a "loose
    index scan" written as a recursive query): a township list of 13 costs 13 index
    probes, whatever the size of the roster.
    """
    values = queryset.exclude(**{field: ""}).order_by()
    if connection.vendor != "postgresql":
        return list(values.values_list(field, flat=True).order_by(field).distinct())
    column = connection.ops.quote_name(queryset.model._meta.get_field(field).column)
    first_sql, first_params = values.values(field).query.sql_with_params()
    step_sql, step_params = values.filter(**{f"{field}__gt": _Marker()}).values(field).query.sql_with_params()
    # The step query's last parameter is the marker: the value found by the previous step.
    step_params = step_params[:-1]
    step_sql = _replace_last_placeholder(step_sql, "walk.value")
    sql = (
        f"WITH RECURSIVE walk(value) AS ("
        f"SELECT MIN(s.{column}) FROM ({first_sql}) s "
        f"UNION ALL "
        f"SELECT (SELECT MIN(s.{column}) FROM ({step_sql}) s) FROM walk WHERE walk.value IS NOT NULL"
        f") SELECT value FROM walk WHERE value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*first_params, *step_params))
        return [row[0] for row in cursor.fetchall()]


class _Marker(str):
    """A parameter whose position in the compiled SQL we replace by a column reference."""

    __slots__ = ()


def _replace_last_placeholder(sql: str, replacement: str) -> str:
    head, _, tail = sql.rpartition("%s")
    return head + replacement + tail
