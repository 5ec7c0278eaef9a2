"""seed_demo's options: --seed gives the same data twice, --members scales it (on an empty database)."""

import pytest
from django.core.management import call_command

from branches.models import Branch
from members.models import Member

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_it_is_deterministic():
    # transaction=True: --reset truncates, which PostgreSQL refuses inside the test's transaction.
    call_command("seed_demo", verbosity=0, seed=7)
    first = list(Member.objects.order_by("id_number").values_list("name", "id_number")[:20])
    call_command("seed_demo", verbosity=0, seed=7, reset=True)
    assert list(Member.objects.order_by("id_number").values_list("name", "id_number")[:20]) == first


def test_members_scales_up(db):
    call_command("seed_demo", verbosity=0, members=1200)
    assert Member.objects.count() == 1200
    assert Branch.objects.count() >= 11


def test_members_scales_down_to_a_handful(db):
    call_command("seed_demo", verbosity=0, members=30)
    assert Member.objects.count() == 30
