"""Two secretaries claim the last place of a task at the same moment (PostgreSQL only)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from shuangbao.models import TaskClaim
from shuangbao.services import claim_task
from tests.factories import MemberFactory, TaskFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no row locks and serialises every write: the race needs PostgreSQL (set DATABASE_URL)",
    ),
]
ROUNDS = 5


def claim_at_once(task, members):
    """Each member claims ``task`` from its own thread and connection, released together."""
    barrier = threading.Barrier(len(members))
    outcomes = []

    def claim(member):
        try:
            barrier.wait()
            claim_task(task, member)
            outcomes.append("claimed")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=claim, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_claims_racing_for_the_last_place_leave_exactly_one(committee, branch1):
    today = timezone.localdate()
    for _ in range(ROUNDS):
        task = TaskFactory(committee=committee, capacity=2, opens_on=today, due_on=today + datetime.timedelta(days=9))
        claim_task(task, MemberFactory(branch=branch1))  # one place left
        outcomes = claim_at_once(task, [MemberFactory(branch=branch1) for _ in range(2)])
        assert TaskClaim.objects.filter(task=task).count() == 2
        assert sorted(outcomes)[0] == "claimed"
        assert "名额已满" in sorted(outcomes)[1]
