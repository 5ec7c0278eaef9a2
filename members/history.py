"""A member file's change history as readable field diffs: who changed what, when."""

from dataclasses import dataclass, field

from django.db import models

from branches.models import Branch
from members.id_number import birth_year, mask_id_number
from members.models import Member

# Bookkeeping fields that every save changes; showing them would bury the real changes.
HIDDEN_FIELDS = ["version", "created_at"]


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str  # "+" created, "~" changed
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(name, value, *, full_id, branch_names) -> str:
    if value in (None, ""):
        return "—"
    model_field = Member._meta.get_field(name)
    if name == "branch":
        return branch_names.get(value, str(value))
    if name == "id_number" and not full_id:
        return mask_id_number(value)
    if name == "birth_date" and not full_id:
        return birth_year(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateField):
        return f"{value:%Y-%m-%d}"
    return str(value)


def readable_history(member: Member, *, full_id: bool, limit: int = 30) -> list[HistoryEntry]:
    """The newest ``limit`` changes, newest first, in two queries."""
    records = list(member.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    branch_ids = {record.branch_id for record in records}
    branch_names = dict(Branch.objects.filter(pk__in=branch_ids).values_list("pk", "name"))
    entries = []
    for index, record in enumerate(records[:limit]):
        user = record.history_user
        entry = HistoryEntry(
            when=record.history_date,
            who=(user.get_full_name() or user.get_username()) if user else "—",
            kind=record.history_type,
            reason=record.history_change_reason or "",
        )
        older = records[index + 1] if index + 1 < len(records) else None
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older, excluded_fields=HIDDEN_FIELDS)
            for change in delta.changes:
                name = "branch" if change.field == "branch" else change.field
                entry.changes.append(
                    Change(
                        label=str(Member._meta.get_field(name).verbose_name),
                        old=_display(name, change.old, full_id=full_id, branch_names=branch_names),
                        new=_display(name, change.new, full_id=full_id, branch_names=branch_names),
                    )
                )
        entries.append(entry)
    return entries
