import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assistance.models import ApplicationStatus, ReturnApplication
from assistance.services import advance_return_application, apply_for_return_post, select_for_return_post
from tests.assistance.factories import ReturnApplicationFactory, ReturnPostFactory
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def today():
    """Today when the test runs (the clock is held still for each test, below), never when
    the module was loaded: a run that crosses midnight would otherwise date things wrong."""
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _clock_held_still():
    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.fixture
def post(committee):
    return ReturnPostFactory(committee=committee, quota=2, opens_on=today() - datetime.timedelta(days=60))


def _reviewed(post, branch, count):
    return [
        ReturnApplicationFactory(post=post, member=MemberFactory(branch=branch), status=ApplicationStatus.REVIEWED)
        for _ in range(count)
    ]


def test_selection_stops_at_the_quota(post, branch1, committee_staff):
    first, second, third = _reviewed(post, branch1, 3)
    select_for_return_post(first, committee_staff)
    select_for_return_post(second, committee_staff)
    with pytest.raises(ValidationError, match="名额已满"):
        select_for_return_post(third, committee_staff)
    third.refresh_from_db()
    assert third.status == ApplicationStatus.REVIEWED
    assert ReturnApplication.objects.filter(status=ApplicationStatus.SELECTED).count() == 2


def test_members_serving_or_done_still_hold_their_place(post, branch1, committee_staff):
    serving, completed, waiting = _reviewed(post, branch1, 3)
    ReturnApplication.objects.filter(pk=serving.pk).update(status=ApplicationStatus.SERVING)
    ReturnApplication.objects.filter(pk=completed.pk).update(status=ApplicationStatus.COMPLETED)
    with pytest.raises(ValidationError):
        select_for_return_post(waiting, committee_staff)


# A term is completed once it has ended (2026-11-01): the clock is after that.
@pytest.mark.time_machine("2026-12-02 10:00 +0800", tick=True)
def test_an_application_goes_through_every_step_and_its_term_ends_two_years_on(post, alice, committee_staff):
    post.opens_on = datetime.date(2024, 9, 1)
    post.save()
    application = apply_for_return_post(post, alice, datetime.date(2024, 10, 1))
    with pytest.raises(ValidationError):
        select_for_return_post(application, committee_staff)
    advance_return_application(application, ApplicationStatus.REVIEWED, committee_staff)
    advance_return_application(application, ApplicationStatus.SELECTED, committee_staff)
    advance_return_application(
        application, ApplicationStatus.SERVING, committee_staff, term_starts_on=datetime.date(2024, 11, 1)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SERVING
    assert application.term_ends_on == datetime.date(2026, 11, 1)
    advance_return_application(application, ApplicationStatus.COMPLETED, committee_staff)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    assert application.history.count() == 5


def test_a_term_cannot_be_completed_before_it_ends(post, alice, committee_staff):
    application = ReturnApplicationFactory(
        post=post, member=alice, status=ApplicationStatus.SERVING, term_starts_on=today() - datetime.timedelta(days=30)
    )
    with pytest.raises(ValidationError, match="任期至"):
        advance_return_application(application, ApplicationStatus.COMPLETED, committee_staff)


def test_the_term_end_is_computed_from_the_posts_term(post):
    post.term_years = 2
    assert ReturnApplication(post=post, term_starts_on=datetime.date(2021, 11, 1)).term_ends_on == datetime.date(
        2023, 11, 1
    )
    # A term from a leap day ends on 28 February of a common year.
    assert ReturnApplication(post=post, term_starts_on=datetime.date(2024, 2, 29)).term_ends_on == datetime.date(
        2026, 2, 28
    )


def test_a_member_applies_once_and_only_while_applications_are_open(post, alice):
    apply_for_return_post(post, alice, today())
    with pytest.raises(ValidationError, match="已报名"):
        apply_for_return_post(post, alice, today())
    post.closes_on = today() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        apply_for_return_post(post, MemberFactory(branch=alice.branch), today())


def test_a_secretary_puts_a_member_forward_but_cannot_select(client_for, secretary1, post, alice):
    client = client_for(secretary1)
    response = client.post(
        reverse("assistance:return_application_create", args=[post.pk]),
        {"member": alice.pk, "applied_on": today().isoformat()},
    )
    assert response.status_code == 302
    application = ReturnApplication.objects.get(member=alice)
    response = client.post(reverse("assistance:return_application_step", args=[application.pk, "reviewed"]))
    assert response.status_code == 403


def test_the_committee_fills_the_quota_through_the_page(client_for, committee_staff, post, branch1):
    applications = _reviewed(post, branch1, 3)
    client = client_for(committee_staff)
    for application in applications:
        client.post(reverse("assistance:return_application_step", args=[application.pk, "selected"]))
    statuses = sorted(ReturnApplication.objects.values_list("status", flat=True))
    assert statuses == ["reviewed", "selected", "selected"]
    page = client.get(reverse("assistance:return_post_detail", args=[post.pk])).content.decode()
    assert "已选聘 2 / 名额 2" in page


def test_branch_2_sees_the_committees_posts_but_not_branch_1s_applicants(client_for, secretary2, post, alice):
    ReturnApplicationFactory(post=post, member=alice)
    response = client_for(secretary2).get(reverse("assistance:return_post_detail", args=[post.pk]))
    assert response.status_code == 200
    assert alice.name not in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_officers_selecting_at_once_cannot_overfill_the_quota(committee, branch1, committee_staff):
    post = ReturnPostFactory(committee=committee, quota=1)
    applications = _reviewed(post, branch1, 2)
    outcomes = []
    barrier = threading.Barrier(2)

    def select(application):
        barrier.wait()
        try:
            select_for_return_post(application, committee_staff)
            outcomes.append("selected")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=select, args=(application,)) for application in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "selected"]
    assert ReturnApplication.objects.filter(status=ApplicationStatus.SELECTED).count() == 1
