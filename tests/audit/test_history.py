"""The history reader: each change read against the record before it, values as a page shows them."""

from audit.history import history_entries
from members.history import readable_history
from members.id_number import mask_id_number
from tests.factories import MemberFactory, UserFactory


def _edit(member, user, **fields):
    for name, value in fields.items():
        setattr(member, name, value)
    member._history_user = user
    member.save()


def test_a_change_shows_the_field_label_and_the_old_and_new_values_by_name(branch1, branch2):
    alice = UserFactory(username="alice", first_name="阿丽")
    member = MemberFactory(branch=branch1, gender="female")
    _edit(member, alice, branch=branch2, gender="male")
    newest, created = readable_history(member, full_id=True)
    assert created.kind == "+" and not created.changes
    assert newest.who == "阿丽" and newest.kind == "~"
    shown = {change.field: (change.old, change.new) for change in newest.changes}
    assert shown["branch"] == ("第一党支部", "第二党支部")
    assert shown["gender"] == ("女", "男")  # the choice labels, in the page's language


def test_an_id_number_is_masked_unless_the_reader_may_see_it_whole(branch1):
    member = MemberFactory(branch=branch1)
    old = member.id_number
    _edit(member, None, id_number=old[:-1] + ("1" if old[-1] != "1" else "2"))
    [change] = [c for c in readable_history(member, full_id=False)[0].changes if c.field == "id_number"]
    assert change.old == mask_id_number(old)
    [change] = [c for c in readable_history(member, full_id=True)[0].changes if c.field == "id_number"]
    assert change.old == old


def test_the_oldest_entry_shown_is_still_read_against_the_one_before_it(branch1):
    member = MemberFactory(branch=branch1, employer="甲厂")
    for employer in ["乙厂", "丙厂", "丁厂"]:
        _edit(member, None, employer=employer)
    entries = history_entries(member.history.order_by("-history_date", "-history_id"), limit=2)
    assert [[(c.old, c.new) for c in e.changes if c.field == "employer"] for e in entries] == [
        [("丙厂", "丁厂")],
        [("乙厂", "丙厂")],
    ]
    assert entries[0].who == "" and entries[0].user is None
