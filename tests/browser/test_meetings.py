import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Meeting, MeetingAttachment
from members.id_number import mask_name
from tests.meetings.conftest import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_logs_a_themed_day_from_a_phone_and_the_month_turns_green(live_server, page, settings, tmp_path):
    from playwright.sync_api import expect  # here: without playwright the module still imports (and skips)

    settings.MEDIA_ROOT = tmp_path / "media"
    # The demo leaves 第五党支部's 主题党日 of this month still to be held.
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "branch5")
    page.fill("input[name=password]", "anren2021demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    cell = f'tr[data-branch="第五党支部"] td[data-period="{timezone.localdate():%Y-%m}"]'
    page.goto(f"{live_server.url}/meetings/compliance/")
    assert page.get_attribute(cell, "data-status") == "pending"
    assert "待开：主题党日" in page.inner_text(cell)

    page.goto(f"{live_server.url}/meetings/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out on a phone
    page.select_option("select[name=kind]", "themed_day")
    page.fill("input[name=topic]", "在东莞开展“一面旗帜两地红”主题党日")
    rows = page.locator("[data-member]")
    expected = rows.count()
    for index in (0, 1):
        row = rows.nth(index)
        row.locator("label", has_text="请假").click()
        row.locator("input[type=text]").fill("外出务工")
    assert page.inner_text("[data-count=excused]") == "2"
    assert page.inner_text("[data-count=present]") == str(expected - 2)
    page.set_input_files(
        "input[name=photos]", files=[{"name": "现场照片.png", "mimeType": "image/png", "buffer": png_bytes(16, 12)}]
    )
    page.click("[data-meeting-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))

    assert "会议记录已登记" in page.content()
    assert page.inner_text("#attendance-counts .text-warning") == "2"
    # The photo comes back through the scoped view and really is an image. (Not
    # wait_for_function: once the image is slow to load, its polling evaluates a string,
    # which the pages' CSP refuses.)
    expect(page.locator("#attachments img")).to_have_js_property("naturalWidth", 16)
    meeting = Meeting.objects.get(branch__name="第五党支部", topic="在东莞开展“一面旗帜两地红”主题党日")
    assert meeting.attendances.filter(status="excused", reason="外出务工").count() == 2
    assert MeetingAttachment.objects.get(meeting=meeting).original_name == "现场照片.png"

    page.goto(f"{live_server.url}/meetings/compliance/")
    assert page.get_attribute(cell, "data-status") == "met"


def test_the_roll_on_a_phone_all_absent_all_present_a_search_and_the_election_quorum(live_server, page):
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "branch1")
    page.fill("input[name=password]", "anren2021demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/meetings/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # A real first choice, not "---------".
    assert page.locator("select[name=kind] option").first.inner_text() == "支部党员大会"
    rows = page.locator("[data-member]")
    expected = rows.count()
    page.click("[data-roll-all=absent]")
    assert page.inner_text("[data-count=absent]") == str(expected)
    page.check("input[name=is_election]")
    assert page.is_visible("[data-quorum-warning]")
    page.click("[data-roll-all=present]")
    assert page.inner_text("[data-count=present]") == str(expected)
    assert not page.is_visible("[data-quorum-warning]")
    # Mobile members sit in: fewer with a vote than present.
    assert int(page.inner_text("[data-count=voting-expected]")) < expected
    name = rows.nth(3).get_attribute("data-name")
    page.fill("[data-roll-search]", name)
    assert page.locator("[data-member]:visible").count() >= 1
    assert all(name in row.get_attribute("data-name") for row in page.locator("[data-member]:visible").all())
    page.screenshot(path="/tmp/orglife-roll-390.png", full_page=False)


def test_a_secretary_publishes_a_meeting_two_members_sign_in_by_the_qr_link_and_the_sheet_prints(
    live_server, page, browser
):
    from members.models import Member, MemberStatus

    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "branch1")
    page.fill("input[name=password]", "anren2021demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/meetings/publish/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.select_option("select[name=kind]", "themed_day")
    page.fill("input[name=held_on]", f"{timezone.localdate():%Y-%m-%d}")
    page.fill("input[name=starts_at]", "19:30")
    page.fill("input[name=topic]", "扫码签到的主题党日")
    page.click("[data-publish-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    link = page.get_attribute("[data-sign-in-link]", "href")

    # Two members sign in from their own phones (no account: the QR link is the way in).
    attendees = list(
        Member.objects.filter(branch__name="第一党支部", status=MemberStatus.ACTIVE)
        .exclude(phone="")
        .order_by("pk")[:2]
    )
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    for member in attendees:
        phone.goto(link)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.fill("input[name=phone]", member.phone)
        phone.click("[data-sign-in] button[type=submit]")
        # The public page names the member masked (王*丽): the secretary's page shows the name.
        answer = phone.inner_text("[data-signed-in]")
        assert f"{mask_name(member.name)}，签到成功" in answer and member.name not in answer
    phone.context.close()

    page.reload()
    assert page.locator("[data-signed-member]").count() == 2
    page.click("[data-print-sign-in]")
    page.wait_for_url(re.compile(r"/print/sign-in/$"))
    assert page.locator('[data-signed="1"]').count() == 2
    assert page.locator("[data-row]").count() > 40  # the whole branch is expected at a 主题党日
    with page.expect_download() as download:
        page.click("[data-docx]")
    assert download.value.suggested_filename.endswith(".docx")
    page.emulate_media(media="print")
    assert not page.is_visible(".toolbar")  # the A4 sheet prints without the buttons
    # The roll the secretary confirms starts from the two sign-ins.
    meeting = Meeting.objects.get(topic="扫码签到的主题党日")
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    assert page.inner_text("[data-count=present]") == "2"
