"""Loading many rows into a table at once: COPY on PostgreSQL, executemany elsewhere.

For writes of thousands of rows that the ORM would build an instance and an INSERT
parameter list for, one at a time (``bulk_create`` costs about 60 µs a row with its
history, COPY about 3). Rows are tuples of already-prepared Python values (str, int,
bool, date, datetime, Decimal or None) in the order of ``columns``.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.db import connection

_NULL = "\\N"


def db_value(value):
    """A date or time as the database's driver takes it in a raw query (SQLite keeps them as
    text: naive UTC for times, as Django writes them); other values as they are."""
    if connection.vendor == "postgresql":
        return value
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def load_rows(cursor, table: str, columns: list[str], rows) -> int:
    """Write ``rows`` into ``table``'s ``columns`` (quoted here); returns how many.

    On PostgreSQL one COPY in CSV form, the rows written by the csv module (in C: a tenth
    of the time of formatting each value in Python); NULL is ``\\N`` unquoted, so an empty
    text stays an empty text."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        count = 0
        for row in rows:
            writer.writerow([_NULL if value is None else value for value in row])
            count += 1
        buffer.seek(0)
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '{_NULL}')", buffer
        )
        return count
    rows = [[db_value(value) for value in row] for row in rows]
    placeholders = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})", rows)
    return len(rows)


def allocate_ids(cursor, table: str, count: int) -> list[int]:
    """``count`` fresh primary keys of ``table`` (its ``id`` column), taken from its sequence
    on PostgreSQL; elsewhere (SQLite, whose writes are serialised) the next ones after the
    largest, which the caller must write in the same transaction."""
    if not count:
        return []
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), count],
        )
        return [row[0] for row in cursor.fetchall()]
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
    start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))
