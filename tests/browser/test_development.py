import datetime
import re

import pytest
from django.utils import timezone

from branches.roles import Role
from development.models import Applicant, Stage
from meetings.models import Attendance, MeetingKind
from tests.factories import (
    BranchFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    user_with_role,
    valid_id_number,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def iso(offset):
    return f"{day(offset):%Y-%m-%d}"


def test_branch3_takes_a_person_from_application_to_probationary_member_on_a_phone(live_server, page):
    committee = CommitteeFactory(name="中共安仁县驻广东地区流动委员会", short_name="驻广东流动党委")
    branch = BranchFactory(committee=committee, ordinal=3, name="第三党支部", city="佛山")
    user = user_with_role("branch3", Role.BRANCH_SECRETARY, branch=branch)
    user.set_password("anren2021demo")
    user.save()
    roll = [MemberFactory(branch=branch, name=name) for name in ("李红", "王军", "赵强", "孙丽", "周平")]
    admission_day = -340
    meeting = MeetingFactory(
        branch=branch, kind=MeetingKind.GENERAL, held_on=day(admission_day), has_vote=True, topic="讨论接收预备党员"
    )
    for index, member in enumerate(roll):
        Attendance.objects.create(meeting=meeting, member=member, status="present" if index < 4 else "absent")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "branch3")
    page.fill("input[name=password]", "anren2021demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    # 入党申请人: dates are typed as YYYY-MM-DD text, whatever the date widget becomes.
    page.goto(f"{live_server.url}/development/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("input[name=name]", "陈新达")
    page.select_option("select[name=gender]", "male")
    page.fill("input[name=birth_date]", "1994-08-16")
    page.fill("input[name=id_number]", valid_id_number(datetime.date(1994, 8, 16)))
    page.fill("input[name=applied_on]", iso(-800))
    page.click("#applicant-form button[type=submit]")
    page.wait_for_url(re.compile(r"/development/\d+/$"))
    detail = page.url

    def step(kind, fill=None, dated=True, offset=0):
        page.goto(detail)
        page.click(f'[data-step="{kind}"]')
        page.wait_for_url(re.compile(rf"/steps/{kind}/$"))
        if dated:
            page.fill("input[name=done_on]", iso(offset))
        if fill:
            fill()
        page.click("#step-form button[type=submit]")
        page.wait_for_url(detail)

    step("talk", offset=-790, fill=lambda: page.fill("input[name=by_whom]", "李红"))

    def contacts():
        page.select_option("select[name=way]", "recommended")
        page.get_by_label("李红").check()

    step("activist", contacts, offset=-770)
    step("assessment", offset=-590)
    # A year as activist: too early first, the page says why (细则 第十三条), nothing is written.
    page.goto(detail)
    page.click('[data-step="candidate"]')
    page.fill("input[name=done_on]", iso(-406))
    page.click("#step-form button[type=submit]")
    assert "第十三条" in page.content()
    assert Applicant.objects.get(name="陈新达").stage == Stage.ACTIVIST
    step("candidate", offset=-370)

    def sponsors():
        page.get_by_label("李红").check()
        page.get_by_label("王军").check()

    step("sponsors", sponsors, offset=-365)
    step("political_review", lambda: page.fill("input[name=document_no]", "政审〔2025〕1号"), offset=-360)
    step("training", lambda: page.fill("input[name=hours]", "24"), offset=-358)
    # 公示: at least five working days (any seven days in a row hold five), then the 预审.
    step("publicity", lambda: page.fill("input[name=ends_on]", iso(-351)), offset=-357)
    step("pre_review", lambda: page.fill("input[name=document_no]", "预审〔2025〕2号"), offset=-350)

    def general_meeting():
        page.select_option("select[name=meeting]", str(meeting.pk))
        page.fill("input[name=votes_for]", "4")

    step("admission", general_meeting, dated=False)
    step("approval", lambda: page.fill("input[name=document_no]", "安流党〔2025〕9号"), offset=admission_day + 20)

    applicant = Applicant.objects.get(name="陈新达")
    assert applicant.stage == Stage.PROBATIONARY
    assert applicant.member.joined_party_on == day(admission_day)
    assert applicant.steps.filter(recorded_by=user).count() == 12
    page.goto(detail)
    assert page.get_attribute("[data-stage]", "data-stage") == "probationary"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{live_server.url}/development/")
    assert "陈新达" in page.inner_text("#applicant-table")
