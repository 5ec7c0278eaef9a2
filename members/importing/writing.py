"""Writing a checked roster: the new members and the changed fields of existing ones, with
their history rows, in one transaction (COPY on PostgreSQL, lib.bulk). members.importing.engine
reads and checks; this module writes what it planned."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from lib.bulk import allocate_ids, db_value, load_rows
from members.importing.cells import (
    MonthDate,
)
from members.importing.columns import (
    COLUMNS,
)
from members.models import Member

# The roster's fields, in the order of the template; what a row writes adds the 流出地党组织
# name kept as written while it matches no organisation of the county's list.

FIELDS = [name for name, _header, _aliases in COLUMNS]
WRITTEN = [*FIELDS, "home_organisation_text"]
LINKS = {"branch": "branch_id", "home_organisation": "home_organisation_id"}


@dataclass
class Plan:
    """What one good row asks for: a new member's values, or an existing one's changed fields."""

    row: int
    pk: int | None
    values: dict  # field → value (branch as a Branch)
    version: int = 0


def _history_columns():
    """The columns a history row copies from the member's own row."""
    history = Member.history.model
    own = {f.column for f in Member._meta.concrete_fields}
    return [f.column for f in history._meta.concrete_fields if f.column in own]


def _new_row_maker(now):
    """A function giving every column of a new member's row: the roster's values, and the
    model's defaults (worked out once per import) for the rest."""
    plan_of_columns = []
    for model_field in Member._meta.concrete_fields:
        if model_field.primary_key:
            plan_of_columns.append(("pk", None))
        elif model_field.name in WRITTEN:
            plan_of_columns.append(("value", model_field.name))
        elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            plan_of_columns.append(("fixed", now))
        else:
            plan_of_columns.append(("fixed", model_field.get_default()))
    defaults = {name: Member._meta.get_field(name).get_default() for name in WRITTEN}

    def make(plan: Plan, pk):
        values = plan.values
        row = []
        for kind, what in plan_of_columns:
            if kind == "pk":
                row.append(pk)
            elif kind == "fixed":
                row.append(what)
            else:
                value = values.get(what, defaults[what])
                if what in LINKS and value is not None:
                    value = value.pk
                elif type(value) is MonthDate:
                    value = _plain_date(value)
                row.append(value)
        return row

    return make


def _plain_date(value):
    return datetime.date(value.year, value.month, value.day) if isinstance(value, MonthDate) else value


def write_members(plans: list[Plan], *, user=None, change_reason=""):
    """Write the good rows of a checked roster: the new members, then the changed fields of
    the others (version + 1, like any edit), each with its history row. Call inside a transaction."""
    now = timezone.now()
    table = connection.ops.quote_name(Member._meta.db_table)
    history_table = connection.ops.quote_name(Member.history.model._meta.db_table)
    copied = ", ".join(connection.ops.quote_name(column) for column in _history_columns())
    user_id = user.pk if user is not None and user.is_authenticated else None
    created = [plan for plan in plans if plan.pk is None]
    updated = [plan for plan in plans if plan.pk is not None]
    with connection.cursor() as cursor:
        pks = allocate_ids(cursor, Member._meta.db_table, len(created))
        columns = [f.column for f in Member._meta.concrete_fields]
        make = _new_row_maker(now)
        load_rows(
            cursor, Member._meta.db_table, columns, (make(plan, pk) for plan, pk in zip(created, pks, strict=True))
        )
        if updated:
            names = sorted({name for plan in updated for name in plan.values})
            set_columns = [Member._meta.get_field(name).column for name in names]
            staging = "import_member_changes"
            # Only the columns that change, typed as the table's; gone at the end of the transaction.
            cursor.execute(f"DROP TABLE IF EXISTS {staging}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {staging} AS SELECT id, version, "
                + ", ".join(connection.ops.quote_name(column) for column in set_columns)
                + f" FROM {table} WHERE 1 = 0"
            )
            rows = []
            for plan in updated:
                values = [plan.pk, plan.version + 1]
                for name in names:
                    # A field the row leaves alone keeps its value: NULL here, COALESCE below
                    # (a roster cell never clears a value, so NULL never means "clear").
                    value = plan.values.get(name)
                    values.append(value.pk if name in LINKS and value is not None else _plain_date(value))
                rows.append(values)
            load_rows(cursor, staging, ["id", "version", *set_columns], rows)
            assignments = ", ".join(
                f"{connection.ops.quote_name(column)} = COALESCE({staging}.{connection.ops.quote_name(column)}, "
                f"{table}.{connection.ops.quote_name(column)})"
                for column in set_columns
            )
            cursor.execute(
                f"UPDATE {table} SET {assignments}, version = {staging}.version, "
                f"{connection.ops.quote_name('updated_at')} = %s FROM {staging} WHERE {table}.id = {staging}.id",
                [db_value(now)],
            )
            cursor.execute(f"DROP TABLE {staging}")
        # One history row per written member, copied from its row as it now stands.
        written = pks + [plan.pk for plan in updated]
        for kind, ids in (("+", pks), ("~", [plan.pk for plan in updated])):
            if not ids:
                continue
            cursor.execute(
                f"INSERT INTO {history_table} ({copied}, history_date, history_change_reason, history_type, "
                f"history_user_id) SELECT {copied}, %s, %s, %s, %s FROM {table} WHERE id IN "
                f"(SELECT value FROM {_id_list(ids)})",
                [db_value(now), change_reason[:100] or None, kind, user_id, *_id_params(ids)],
            )
    return written


def _id_list(ids):
    """A table expression of ids: one array parameter on PostgreSQL, json_each elsewhere."""
    if connection.vendor == "postgresql":
        return "unnest(%s::bigint[]) AS value"
    return "json_each(%s)"


def _id_params(ids):
    if connection.vendor == "postgresql":
        return [list(ids)]
    return [json.dumps(list(ids))]


# --- the whole file ---------------------------------------------------------------------------
