"""Changes to a member file: saving with optimistic locking and merging after a conflict.

Status changes and transfers are members.lifecycle's (which calls this module).

Every change goes through ``save_member_with_version_check`` so that two people
editing the same file cannot overwrite each other: the second save is refused
and told what the first one changed. Files are never deleted; a member who
leaves changes status and the history keeps the reason and date.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from members.models import Member


class EditConflict(Exception):
    """Someone else saved the file since it was opened; ``current`` is the file as it is now."""

    def __init__(self, current: Member):
        super().__init__(f"member {current.pk} changed to version {current.version}")
        self.current = current


def save_member_with_version_check(member: Member, expected_version: int, *, user=None, reason: str = "") -> Member:
    """Save ``member`` only if the stored file is still at ``expected_version``.

    The conditional UPDATE bumps the version and holds the row until commit, so of
    two concurrent saves exactly one wins; the history row records who and why.
    """
    with transaction.atomic():
        claimed = Member.objects.filter(pk=member.pk, version=expected_version).update(version=F("version") + 1)
        if not claimed:
            raise EditConflict(Member.objects.select_related("branch").get(pk=member.pk))
        member.version = expected_version + 1
        if user is not None:
            member._history_user = user
        if reason:
            member._change_reason = reason
        member.save()
    return member


def create_member(member: Member, *, user=None) -> Member:
    if user is not None:
        member._history_user = user
    member._change_reason = _("File created")
    member.full_clean()
    member.save()
    return member


def merge_edits(base: dict, theirs: dict, mine: dict) -> tuple[dict, list[str], list[str]]:
    """Three-way merge of one file's fields after an edit conflict.

    ``base`` is the file as the user opened it, ``theirs`` as it is now, ``mine`` what
    the user submitted. The merge keeps every field the user changed and every field
    the other person changed; ``clashes`` are fields both changed differently.
    """
    merged, changed_by_them, clashes = {}, [], []
    for name, current in theirs.items():
        opened, submitted = base.get(name), mine.get(name, current)
        if current != opened:
            changed_by_them.append(name)
        if submitted != opened:
            merged[name] = submitted
            if current != opened and current != submitted:
                clashes.append(name)
        else:
            merged[name] = current
    return merged, changed_by_them, clashes


def version_values(member: Member, version: int, names) -> dict | None:
    """The file's fields as they were at ``version``, from its history."""
    record = member.history.filter(version=version).order_by("-history_date").first()
    if record is None:
        return None
    return {name: getattr(record, name) for name in names}
