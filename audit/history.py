"""Reading django-simple-history records as entries a person can follow: who, when, which fields.

Knows no app: the caller passes one object's historical records and, where a value
needs more than its field to be shown (a branch's name, a masked ID number), a
``display`` function.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models


@dataclass
class Change:
    field: str
    label: str
    old: str = ""
    new: str = ""


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: object  # the user who made the change, or None (a command, the demo data)
    kind: str = "~"  # simple-history's history_type: "+" created, "~" changed, "-" deleted
    reason: str = ""
    changes: list[Change] = field(default_factory=list)
    what: str = ""  # a summary line, for entries the caller writes itself
    details: list[str] = field(default_factory=list)

    @property
    def who(self) -> str:
        return (self.user.get_full_name() or self.user.get_username()) if self.user else ""


def display_value(model_field, value) -> str:
    """A stored value as a page shows it: the choice's label, an ISO date, "—" for nothing."""
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateField):
        return f"{value:%Y-%m-%d}"
    return str(value)


def history_entries(records, *, limit=None, excluded_fields=(), display=None) -> list[HistoryEntry]:
    """The newest ``limit`` (or all) records as entries, newest first, each ``~`` record's
    changes read against the record before it (one record more is read for that).

    ``records``: one object's historical records (a queryset), newest first, with
    ``history_user`` selected. ``display(model_field, value)`` shows a changed value
    (``display_value`` if not given).
    """
    records = list(records if limit is None else records[: limit + 1])
    display = display or display_value
    entries = []
    for record, older in zip(records[:limit], [*records[1:], None], strict=False):
        entry = HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            kind=record.history_type,
            reason=record.history_change_reason or "",
        )
        if older is not None and record.history_type == "~":
            for change in record.diff_against(older, excluded_fields=list(excluded_fields)).changes:
                model_field = record.instance_type._meta.get_field(change.field)
                entry.changes.append(
                    Change(
                        field=change.field,
                        label=str(model_field.verbose_name),
                        old=display(model_field, change.old),
                        new=display(model_field, change.new),
                    )
                )
        entries.append(entry)
    return entries
