import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assistance.models import HelpAction, HelpCategory, HelpRequest, HelpStatus
from assistance.services import take_in_help_request, transition_help_request
from audit.models import Action, AuditEntry
from tests.assistance.factories import HelpRequestFactory

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
def case(branch1):
    return HelpRequestFactory(branch=branch1, received_on=today() - datetime.timedelta(days=3))


def test_a_case_walks_the_whole_workflow_and_every_step_is_logged(case, secretary1):
    transition_help_request(case, HelpStatus.REFERRED, secretary1, referred_to="新洲村党支部")
    transition_help_request(case, HelpStatus.RESOLVED, secretary1, outcome="追回工资", money_recovered=Decimal(8000))
    transition_help_request(case, HelpStatus.CLOSED, secretary1, "回访当事人")
    case.refresh_from_db()
    assert (case.status, case.referred_to, case.money_recovered) == (HelpStatus.CLOSED, "新洲村党支部", 8000)
    assert case.closed_on == today()
    log = list(case.actions.values_list("status_after", "description", "actor__username"))
    assert log == [
        (HelpStatus.REFERRED, "转新洲村党支部办理。", "secretary1"),
        (HelpStatus.RESOLVED, "已解决：追回工资", "secretary1"),
        (HelpStatus.CLOSED, "回访当事人", "secretary1"),
    ]
    assert case.history.count() == 4  # created, referred, resolved, closed


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (HelpStatus.RECEIVED, HelpStatus.RESOLVED),
        (HelpStatus.RECEIVED, HelpStatus.CLOSED),
        (HelpStatus.IN_PROGRESS, HelpStatus.CLOSED),
        (HelpStatus.REFERRED, HelpStatus.CLOSED),
        (HelpStatus.CLOSED, HelpStatus.IN_PROGRESS),
        (HelpStatus.CLOSED, HelpStatus.RECEIVED),
        (HelpStatus.RESOLVED, HelpStatus.RECEIVED),
    ],
)
def test_the_workflow_refuses_an_illegal_transition(case, secretary1, start, target):
    HelpRequest.objects.filter(pk=case.pk).update(status=start)
    with pytest.raises(ValidationError, match="不能改为"):
        transition_help_request(case, target, secretary1, outcome="x", referred_to="y")
    case.refresh_from_db()
    assert case.status == start
    assert not case.actions.exists()


STATUSES = ["received", "in_progress", "referred", "resolved", "closed"]


@pytest.mark.parametrize("start", STATUSES)
def test_every_status_but_closed_has_a_way_forward(case, secretary1, start):
    """Tried through the workflow itself, every step from every status."""
    moves = []
    for target in STATUSES:
        HelpRequest.objects.filter(pk=case.pk).update(status=start)
        try:
            transition_help_request(case, target, secretary1, outcome="已解决", referred_to="新洲村党支部")
        except ValidationError:
            continue
        moves.append(target)
    if start == "closed":
        assert moves == []  # a closed case stays closed
    else:
        assert moves, f"a case that is {start} cannot move on"


def test_a_referral_must_say_where_to_and_a_resolution_its_outcome(case, secretary1):
    with pytest.raises(ValidationError) as referral:
        transition_help_request(case, HelpStatus.REFERRED, secretary1, referred_to="  ")
    assert "referred_to" in referral.value.error_dict
    transition_help_request(case, HelpStatus.IN_PROGRESS, secretary1)
    with pytest.raises(ValidationError) as resolution:
        transition_help_request(case, HelpStatus.RESOLVED, secretary1)
    assert "outcome" in resolution.value.error_dict
    case.refresh_from_db()
    assert case.status == HelpStatus.IN_PROGRESS


def test_an_action_cannot_predate_the_request(case, secretary1):
    with pytest.raises(ValidationError):
        transition_help_request(
            case, HelpStatus.IN_PROGRESS, secretary1, acted_on=case.received_on - datetime.timedelta(days=1)
        )


def test_a_secretary_takes_in_a_request_through_the_form(client_for, secretary1, branch1):
    response = client_for(secretary1).post(
        reverse("assistance:help_request_create"),
        {
            "branch": branch1.pk,
            "received_on": today().isoformat(),
            "requester_name": "周某某",
            "requester_phone": "139-00139000",
            "category": HelpCategory.WORK_INJURY,
            "location": "guangdong",
            "township": "灵官镇",
            "story": "工伤烧伤，请求协调赔偿。",
        },
    )
    case = HelpRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("assistance:help_request_detail", args=[case.pk])
    assert (case.status, case.requester_phone) == (HelpStatus.RECEIVED, "13900139000")
    assert case.actions.get().actor == secretary1


def test_the_intake_form_names_the_missing_requester_in_chinese(client_for, secretary1, branch1):
    response = client_for(secretary1).post(
        reverse("assistance:help_request_create"),
        {
            "branch": branch1.pk,
            "received_on": today().isoformat(),
            "category": "legal",
            "location": "guangdong",
            "story": "x",
        },
    )
    assert response.status_code == 200
    assert "请填写求助的党员或老乡姓名。" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_secretary_cannot_take_in_a_request_for_another_branch(client_for, secretary1, branch2):
    response = client_for(secretary1).post(
        reverse("assistance:help_request_create"),
        {
            "branch": branch2.pk,
            "received_on": today().isoformat(),
            "requester_name": "周某某",
            "category": "legal",
            "location": "guangdong",
            "story": "x",
        },
    )
    assert response.status_code == 200
    assert not HelpRequest.objects.exists()


def test_the_case_page_offers_only_the_allowed_transitions(client_for, secretary1, case):
    text = client_for(secretary1).get(reverse("assistance:help_request_detail", args=[case.pk])).content.decode()
    assert 'data-transition="in_progress"' in text and 'data-transition="referred"' in text
    assert 'data-transition="closed"' not in text and 'data-transition="resolved"' not in text
    assert "已受理" in text


def test_posting_an_illegal_transition_changes_nothing(client_for, secretary1, case):
    client = client_for(secretary1)
    response = client.post(
        reverse("assistance:help_request_transition", args=[case.pk, "closed"]), {"acted_on": today().isoformat()}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == HelpStatus.RECEIVED
    assert "不能改为" in client.get(response.url).content.decode()


def test_a_referral_through_the_page_records_where_and_who(client_for, secretary1, case):
    response = client_for(secretary1).post(
        reverse("assistance:help_request_transition", args=[case.pk, "referred"]),
        {"acted_on": today().isoformat(), "referred_to": "老家村党支部", "note": "请村支部上门核实"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.referred_to) == (HelpStatus.REFERRED, "老家村党支部")
    action = HelpAction.objects.get(help_request=case)
    assert (action.description, action.actor) == ("请村支部上门核实", secretary1)


def test_the_list_shows_only_the_branchs_cases_and_highlights_old_open_ones(client_for, secretary1, branch1, branch2):
    old = HelpRequestFactory(branch=branch1, requester_name="老案子", received_on=today() - datetime.timedelta(days=45))
    HelpRequestFactory(
        branch=branch1,
        requester_name="已办结的老案子",
        received_on=today() - datetime.timedelta(days=60),
        status=HelpStatus.CLOSED,
    )
    HelpRequestFactory(branch=branch1, requester_name="新案子", received_on=today())
    HelpRequestFactory(branch=branch2, requester_name="别的支部")
    client = client_for(secretary1)
    response = client.get(reverse("assistance:help_request_list"))
    text = response.content.decode()
    assert "老案子" in text and "新案子" in text and "别的支部" not in text
    assert text.count("data-overdue") == 1
    overdue = client.get(reverse("assistance:help_request_list"), {"overdue": "yes"}).context["rows"]
    assert [c.pk for c in overdue] == [old.pk]


def test_the_list_filters_by_status_and_category(client_for, county_admin, branch1):
    HelpRequestFactory(branch=branch1, requester_name="甲", category=HelpCategory.SCHOOLING)
    HelpRequestFactory(branch=branch1, requester_name="乙", category=HelpCategory.MEDICAL, status=HelpStatus.REFERRED)
    client = client_for(county_admin)
    rows = client.get(reverse("assistance:help_request_list"), {"category": "schooling"}).context["rows"]
    assert [c.requester_name for c in rows] == ["甲"]
    rows = client.get(reverse("assistance:help_request_list"), {"status": "referred"}).context["rows"]
    assert [c.requester_name for c in rows] == ["乙"]


def test_the_case_page_lists_the_members_other_cases(client_for, secretary1, branch1, alice):
    first = HelpRequestFactory(branch=branch1, member=alice, requester_name="", category=HelpCategory.SCHOOLING)
    second = HelpRequestFactory(branch=branch1, member=alice, requester_name="", category=HelpCategory.MEDICAL)
    response = client_for(secretary1).get(reverse("assistance:help_request_detail", args=[first.pk]))
    assert [c.pk for c in response.context["others"]] == [second.pk]
    assert "医疗" in response.content.decode()


def test_the_export_is_scoped_and_logged(client_for, secretary1, branch1, branch2):
    import io

    from openpyxl import load_workbook

    HelpRequestFactory(branch=branch1, requester_name="=HYPERLINK(1)")
    HelpRequestFactory(branch=branch2, requester_name="别的支部")
    response = client_for(secretary1).get(reverse("assistance:help_request_export"), {"status": "received"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert values == ["'=HYPERLINK(1)"]
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.details["rows"] == 1 and entry.details["filters"] == {"status": "received"}


def test_the_list_costs_the_same_queries_for_5_rows_and_500(
    client_for, secretary1, branch1, alice, django_assert_num_queries
):
    def grow(target):
        count = target - HelpRequest.objects.count()
        HelpRequest.objects.bulk_create(
            HelpRequestFactory.build(branch=branch1, member=alice, requester_name="") for _ in range(count)
        )

    grow(5)
    client = client_for(secretary1)
    client.get(reverse("assistance:help_request_list"))
    # session, user, staff scope (+ its branch for the header), branch choices of the filter,
    # the count for the paginator, the page of cases with member and branch joined.
    with django_assert_num_queries(7):
        client.get(reverse("assistance:help_request_list"))
    grow(500)
    with django_assert_num_queries(7):
        client.get(reverse("assistance:help_request_list"))


def test_take_in_refuses_a_request_without_requester(branch1, secretary1):
    with pytest.raises(ValidationError):
        take_in_help_request(
            HelpRequest(branch=branch1, category="legal", location="guangdong", story="x", received_on=today()),
            secretary1,
        )
    assert not HelpRequest.objects.exists()
