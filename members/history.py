"""A member file's change history as readable field diffs: who changed what, when."""

from audit.history import HistoryEntry, display_value, history_entries
from branches.models import Branch
from members.id_number import birth_year, mask_id_number
from members.models import Member

# Bookkeeping fields that every save changes; showing them would bury the real changes.
HIDDEN_FIELDS = ["version", "created_at"]


def readable_history(member: Member, *, full_id: bool, limit: int = 30) -> list[HistoryEntry]:
    """The newest ``limit`` changes, newest first, in two queries."""
    records = list(member.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    branch_names = dict(
        Branch.objects.filter(pk__in={record.branch_id for record in records}).values_list("pk", "name")
    )

    def display(model_field, value) -> str:
        if value in (None, ""):
            return "—"
        if model_field.name == "branch":
            return branch_names.get(value, str(value))
        if model_field.name == "id_number" and not full_id:
            return mask_id_number(value)
        if model_field.name == "birth_date" and not full_id:
            return birth_year(value)  # beside a masked number, the year only
        return display_value(model_field, value)

    return history_entries(records, limit=limit, excluded_fields=HIDDEN_FIELDS, display=display)
