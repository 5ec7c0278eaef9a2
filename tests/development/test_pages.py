"""The pages: the board and its counts, a record with its step forms, bad input in Chinese
with nothing written, another branch's record a 404, the figures, the rules. The clock is
fixed on 2027-09-01 (Anren)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from development.models import Applicant, DevelopmentRules, Stage, Step, StepKind
from development.services import record_step
from tests.development.conftest import general_meeting, new_applicant
from tests.development.test_services import ready_for_admission
from tests.factories import valid_id_number

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2027-09-01 10:00 +0800", tick=False)]


def test_a_secretary_registers_an_application_and_the_board_shows_the_talk_due(client_for, secretary1, branch1):
    client = client_for(secretary1)
    response = client.post(
        reverse("development:create"),
        {
            "branch": branch1.pk,
            "name": "刘新",
            "gender": "male",
            "ethnicity": "汉族",
            "birth_date": "1996-05-04",
            "id_number": valid_id_number(D(1996, 5, 4)),
            "category": "mobile",
            "applied_on": "2027-08-20",
            "document_no": "申请书",
        },
    )
    applicant = Applicant.objects.get(name="刘新")
    assert response.status_code == 302 and applicant.stage == Stage.APPLICANT
    board = client.get(reverse("development:board")).content.decode()
    assert "刘新" in board and "2027-09-20" in board and "派人谈话" in board


def test_a_person_who_is_already_a_member_cannot_apply(client_for, secretary1, branch1, alice):
    response = client_for(secretary1).post(
        reverse("development:create"),
        {
            "branch": branch1.pk,
            "name": alice.name,
            "gender": "male",
            "birth_date": "1990-01-01",
            "id_number": alice.id_number,
            "category": "mobile",
            "applied_on": "2027-08-20",
            "ethnicity": "汉族",
        },
    )
    assert response.status_code == 200 and "已是党员" in response.content.decode()
    assert not Applicant.objects.exists()


def test_an_activist_under_a_year_is_refused_in_chinese_naming_the_article(
    client_for, secretary1, make_applicant, roll
):
    applicant = make_applicant(D(2026, 9, 1))
    record_step(applicant, StepKind.ACTIVIST, done_on=D(2026, 10, 1), user=secretary1, people=roll[:1])
    url = reverse("development:step", args=[applicant.pk, "candidate"])
    response = client_for(secretary1).post(url, {"done_on": "2027-09-01"})
    page = response.content.decode()
    assert response.status_code == 200 and "第十三条" in page and "2027-10-01" in page
    assert Applicant.objects.get(pk=applicant.pk).stage == Stage.ACTIVIST
    assert not Step.objects.filter(applicant=applicant, kind=StepKind.CANDIDATE).exists()


def test_skipping_a_stage_on_the_page_names_the_order(client_for, secretary1, make_applicant):
    applicant = make_applicant(D(2027, 8, 1))
    response = client_for(secretary1).post(
        reverse("development:step", args=[applicant.pk, "oath"]), {"done_on": "2027-09-01"}
    )
    assert response.status_code == 200 and "不能跨越阶段" in response.content.decode()


def test_a_malformed_date_or_unknown_step_never_gives_a_500(client_for, secretary1, make_applicant):
    applicant = make_applicant(D(2027, 8, 1))
    client = client_for(secretary1)
    assert (
        client.post(reverse("development:step", args=[applicant.pk, "talk"]), {"done_on": "2027-13-45"}).status_code
        == 200
    )
    assert client.get(reverse("development:step", args=[applicant.pk, "nonsense"])).status_code == 404


def test_another_branchs_record_is_a_404_on_every_page(client_for, secretary2, make_applicant):
    applicant = make_applicant(D(2027, 8, 1))
    client = client_for(secretary2)
    for url in (
        reverse("development:detail", args=[applicant.pk]),
        reverse("development:step", args=[applicant.pk, "talk"]),
        reverse("development:withdraw", args=[applicant.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"done_on": "2027-08-05"}).status_code == 404
    assert applicant.steps.count() == 1
    assert "张申请" not in client.get(reverse("development:board")).content.decode()


def test_the_auditor_reads_but_records_nothing(client_for, auditor, make_applicant):
    applicant = make_applicant(D(2027, 8, 1))
    client = client_for(auditor)
    assert client.get(reverse("development:detail", args=[applicant.pk])).status_code == 200
    assert (
        client.post(reverse("development:step", args=[applicant.pk, "talk"]), {"done_on": "2027-08-05"}).status_code
        == 403
    )


def test_the_admission_on_the_page_makes_the_member_file(client_for, secretary1, make_applicant, roll, branch1):
    applicant = ready_for_admission(make_applicant(D(2025, 1, 5)), secretary1, roll)
    meeting = general_meeting(branch1, D(2026, 5, 8), roll, present=3)
    client = client_for(secretary1)
    response = client.post(
        reverse("development:step", args=[applicant.pk, "admission"]), {"meeting": meeting.pk, "votes_for": "3"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("development:step", args=[applicant.pk, "approval"]),
        {"done_on": "2026-06-01", "document_no": "安流党〔2026〕12号"},
    )
    applicant.refresh_from_db()
    assert response.status_code == 302 and applicant.member.joined_party_on == D(2026, 5, 8)
    page = client.get(reverse("development:detail", args=[applicant.pk])).content.decode()
    assert "2027-05-08" in page and reverse("members:detail", args=[applicant.member.pk]) in page


def test_a_withdrawal_needs_a_reason_and_keeps_the_record(client_for, secretary1, make_applicant):
    applicant = make_applicant(D(2027, 8, 1))
    client = client_for(secretary1)
    url = reverse("development:withdraw", args=[applicant.pk])
    assert client.post(url, {"reason": "dropped_out", "withdrawn_on": "2027-08-20", "note": ""}).status_code == 200
    assert client.post(url, {"reason": "dropped_out", "withdrawn_on": "2027-08-20", "note": "回乡"}).status_code == 302
    applicant.refresh_from_db()
    assert applicant.stage == Stage.WITHDRAWN
    row = f'data-applicant="{applicant.pk}"'
    assert row not in client.get(reverse("development:board")).content.decode()
    assert row in client.get(reverse("development:board") + "?stage=withdrawn").content.decode()


def test_the_board_filters_by_timer_state(client_for, secretary1, make_applicant):
    late = make_applicant(D(2027, 7, 1), name="迟谈话")
    make_applicant(D(2027, 8, 25), name="新申请", born=D(1997, 1, 1))
    page = client_for(secretary1).get(reverse("development:board") + "?state=overdue").content.decode()
    assert late.name in page and "新申请" not in page


def test_the_board_takes_the_same_queries_for_5_records_or_40(client_for, committee_staff, branch1, branch2):
    client = client_for(committee_staff)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("development:board")).status_code == 200
        return len(queries)

    for n in range(5):
        new_applicant(
            branch1 if n % 2 else branch2, D(2027, 8, 1), name=f"甲{n}", born=D(1990, 1, 1) + datetime.timedelta(days=n)
        )
    few = count()
    for n in range(35):
        new_applicant(branch1, D(2027, 8, 1), name=f"乙{n}", born=D(1992, 1, 1) + datetime.timedelta(days=n))
    assert count() == few


def test_the_figures_count_the_years_new_members_and_export_is_logged(
    client_for, committee_staff, secretary1, make_applicant, roll, branch1
):
    applicant = ready_for_admission(make_applicant(D(2025, 1, 5)), secretary1, roll)
    meeting = general_meeting(branch1, D(2026, 5, 8), roll, present=3)
    record_step(applicant, StepKind.ADMISSION, done_on=D(2026, 5, 8), meeting=meeting, votes_for=3, user=secretary1)
    record_step(applicant, StepKind.APPROVAL, done_on=D(2026, 6, 1), user=secretary1)
    client = client_for(committee_staff)
    page = client.get(reverse("development:figures") + "?year=2026").content.decode()
    assert "张申请" in page and "2027-05-08" in page
    response = client.get(reverse("development:figures_export") + "?year=2026")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if "新发展党员" in row)
    branch_row = next(row for row in rows if row[1] == branch1.name)
    assert branch_row[header.index("新发展党员")] == 1 and branch_row[header.index("年底预备党员")] == 1
    assert AuditEntry.objects.filter(action="export").exists()


def test_committee_rules_may_be_stricter_never_laxer(client_for, committee_staff, secretary1, committee):
    client = client_for(committee_staff)
    url = reverse("development:rules", args=[committee.pk])
    form = {
        "application_min_months": 0,
        "activist_min_months": 11,
        "assessment_every_months": 6,
        "training_min_hours": 24,
        "approval_within_months": 3,
        "conversion_within_months": 1,
    }
    response = client.post(url, form)
    assert response.status_code == 200 and "第十三条" in response.content.decode()
    assert not DevelopmentRules.objects.exists()
    assert client.post(url, form | {"activist_min_months": 18}).status_code == 302
    assert DevelopmentRules.objects.get(committee=committee).activist_min_months == 18
    assert client_for(secretary1).get(url).status_code == 403
