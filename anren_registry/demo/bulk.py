"""Fast inserts for the scaled demo: COPY on PostgreSQL, executemany elsewhere.

The scaled demo writes a million rows; ``bulk_create`` (and simple-history's
``bulk_create_with_history``) builds a model instance and an INSERT parameter list
per row, which at that size costs minutes. Here rows are plain dicts keyed by
field attname; ids are allocated up front so that history rows and foreign keys
can name them, and fields a row leaves out get the model's default.
"""

import datetime
import io
import time
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

COPY_CHUNK = 50_000


def _text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class BulkWriter:
    """Writes rows of one model at a time, and its history rows when asked.

    ``writer.insert(Member, rows, history=True)`` gives each row an id, writes the
    rows and, for a model with simple-history, one "created" history row each —
    what ``bulk_create_with_history`` would have written.
    """

    def __init__(self, change_reason="演示数据"):
        self.now = timezone.now()
        self.change_reason = change_reason
        self.written = {}
        self.seconds = {}

    def allocate_ids(self, model, rows):
        start = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        for offset, row in enumerate(rows):
            row["id"] = start + offset
        return rows

    def insert(self, model, rows, *, history=False):
        rows = self.allocate_ids(model, rows)
        self._write(model, rows)
        if history:
            history_model = model.history.model
            # The history copies the row as written, defaults and timestamps included.
            base = {model_field.attname: default for model_field, default in self._columns(model, skip_auto=False)}
            extra = {
                "history_date": self.now,
                "history_change_reason": self.change_reason,
                "history_type": "+",
                "history_user_id": None,
            }
            self._write(history_model, ({**base, **row, **extra} for row in rows), skip_auto=True)
        return rows

    def finish(self, models_written):
        """Move the id sequences past the ids written here (PostgreSQL only needs it)."""
        statements = connection.ops.sequence_reset_sql(no_style(), models_written)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def _columns(self, model, skip_auto):
        fields = []
        for model_field in model._meta.concrete_fields:
            if skip_auto and isinstance(model_field, models.AutoField):
                continue
            stamped = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
            default = self.now if stamped or model_field.default is timezone.now else model_field.get_default()
            fields.append((model_field, default))
        return fields

    def _write(self, model, rows, skip_auto=False):
        started = time.perf_counter()
        fields = self._columns(model, skip_auto)
        table = model._meta.db_table
        names = [model_field.attname for model_field, _ in fields]
        defaults = [default for _, default in fields]
        columns = ", ".join(connection.ops.quote_name(model_field.column) for model_field, _ in fields)
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                for row in rows:
                    values = [row.get(name, default) for name, default in zip(names, defaults, strict=True)]
                    buffer.write("\t".join(_text(value) for value in values))
                    buffer.write("\n")
                    count += 1
                    if count % COPY_CHUNK == 0:
                        self._copy(cursor, table, columns, buffer)
                        buffer = io.StringIO()
                self._copy(cursor, table, columns, buffer)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                sql = f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({placeholders})"
                batch = []
                for row in rows:
                    batch.append(
                        [
                            model_field.get_db_prep_save(row.get(name, default), connection)
                            for (model_field, default), name in zip(fields, names, strict=True)
                        ]
                    )
                    count += 1
                    if len(batch) == COPY_CHUNK:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
        label = model._meta.label
        self.written[label] = self.written.get(label, 0) + count
        self.seconds[label] = self.seconds.get(label, 0) + time.perf_counter() - started

    @staticmethod
    def _copy(cursor, table, columns, buffer):
        buffer.seek(0)
        cursor.copy_expert(f'COPY "{table}" ({columns}) FROM STDIN', buffer)
