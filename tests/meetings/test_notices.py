"""Meetings published in advance, the QR sign-in on the day, the roll confirmed from it, and
the print outs (A4 and .docx)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from meetings import throttle
from meetings.compliance import compliance_matrix
from meetings.models import ComplianceRule, Frequency, Meeting, MeetingKind, MeetingStatus, SignIn
from meetings.notices import awaiting_roll, publish_meeting, roll_from_sign_ins, sign_in
from members.id_number import mask_name
from members.models import Category
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-11-27 10:00 +0800", tick=True)]
TODAY = datetime.date(2026, 11, 27)


def notice(**extra):
    return {
        "kind": MeetingKind.THEMED_DAY,
        "held_on": TODAY,
        "starts_at": datetime.time(19, 30),
        "location": "东莞市长安镇活动室",
        "topic": "重温入党誓词",
        **extra,
    }


@pytest.fixture
def members(branch1):
    return [
        MemberFactory(branch=branch1, name=f"党员{n}", phone=f"1380013800{n}", category=Category.DIRECT)
        for n in range(3)
    ]


def test_a_published_meeting_is_not_held_yet_and_the_matrix_does_not_count_it(branch1, secretary1, members):
    ComplianceRule.objects.create(committee=branch1.committee, kind=MeetingKind.THEMED_DAY, frequency=Frequency.MONTHLY)
    meeting = publish_meeting(
        branch=branch1, user=secretary1, fields=notice(held_on=TODAY + datetime.timedelta(days=3))
    )
    assert meeting.status == MeetingStatus.PLANNED and len(meeting.sign_in_token) >= 30
    assert compliance_matrix([branch1], 2026, today=TODAY)[0].cells[10].status == "pending"


def test_a_meeting_cannot_be_published_for_a_past_day(branch1, secretary1):
    with pytest.raises(ValidationError):
        publish_meeting(branch=branch1, user=secretary1, fields=notice(held_on=TODAY - datetime.timedelta(days=1)))
    assert not Meeting.objects.exists()


def test_members_sign_in_once_by_phone_on_the_day(branch1, branch2, secretary1, members):
    meeting = publish_meeting(branch=branch1, user=secretary1, fields=notice())
    sign_in(meeting, "138 0013 8000")
    with pytest.raises(ValidationError, match="已于"):
        sign_in(meeting, "13800138000")
    stranger = MemberFactory(branch=branch2, phone="13900139000")
    with pytest.raises(ValidationError):
        sign_in(meeting, stranger.phone)  # not expected here: another branch's member
    with pytest.raises(ValidationError):
        sign_in(meeting, "12345")
    assert list(SignIn.objects.values_list("member_id", flat=True)) == [members[0].pk]


def test_sign_in_is_closed_before_the_day(branch1, secretary1, members):
    meeting = publish_meeting(
        branch=branch1, user=secretary1, fields=notice(held_on=TODAY + datetime.timedelta(days=1))
    )
    with pytest.raises(ValidationError, match="当天"):
        sign_in(meeting, members[0].phone)


def test_the_roll_starts_from_the_sign_ins_and_confirming_it_logs_the_meeting(client_for, branch1, secretary1, members):
    meeting = publish_meeting(branch=branch1, user=secretary1, fields=notice())
    sign_in(meeting, members[0].phone)
    sign_in(meeting, members[2].phone)
    assert roll_from_sign_ins(meeting) == {members[0].pk: "present", members[1].pk: "absent", members[2].pk: "present"}
    client = client_for(secretary1)
    url = reverse("meetings:update", args=[meeting.pk])
    form = client.get(url)
    assert "出勤名单按扫码签到预填" in form.content.decode()
    data = {
        "kind": "themed_day",
        "held_on": TODAY.isoformat(),
        "location": "东莞市长安镇活动室",
        "topic": "重温入党誓词",
        f"status_{members[0].pk}": "present",
        f"status_{members[1].pk}": "excused",
        f"reason_{members[1].pk}": "加班",
        f"status_{members[2].pk}": "present",
    }
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert dict(meeting.attendances.values_list("member_id", "status")) == {
        members[0].pk: "present",
        members[1].pk: "excused",
        members[2].pk: "present",
    }


def test_the_qr_link_needs_its_token_and_names_nobody(client, branch1, secretary1, members):
    meeting = publish_meeting(branch=branch1, user=secretary1, fields=notice())
    url = reverse("meetings:sign_in", args=[meeting.pk, meeting.sign_in_token])
    page = client.get(url).content.decode()
    assert "重温入党誓词" in page and all(m.name not in page for m in members)
    assert client.get(reverse("meetings:sign_in", args=[meeting.pk, "guess"])).status_code == 404
    response = client.post(url, {"phone": "13700000000"})
    assert response.status_code == 400 and "请联系支部书记" in response.content.decode()
    response = client.post(url, {"phone": members[1].phone})
    page = response.content.decode()
    # The answer names the member masked (issue 18): the link is public, a guessed number must
    # not reveal whose it is.
    assert response.status_code == 200 and "党*1，签到成功" in page and "党员1" not in page


def test_masked_names_keep_the_surname_and_for_three_characters_the_last():
    assert [mask_name(n) for n in ("王丽", "王小丽", "欧阳小丽", "王", "")] == ["王*", "王*丽", "欧**丽", "王", ""]


def test_signing_in_twice_names_the_member_masked(branch1, secretary1, members):
    meeting = publish_meeting(branch=branch1, user=secretary1, fields=notice())
    sign_in(meeting, members[0].phone)
    with pytest.raises(ValidationError) as caught:
        sign_in(meeting, members[0].phone)
    assert "党*0" in str(caught.value) and "党员0" not in str(caught.value)


def test_the_public_sign_in_is_rate_limited_per_address_and_per_meeting(
    client, branch1, secretary1, members, monkeypatch, time_machine
):
    monkeypatch.setattr(throttle, "PER_MEETING", 30)  # the meeting's limit, smaller to keep the test short
    meeting = publish_meeting(branch=branch1, user=secretary1, fields=notice())
    url = reverse("meetings:sign_in", args=[meeting.pk, meeting.sign_in_token])
    for n in range(throttle.PER_ADDRESS):
        assert client.post(url, {"phone": f"1370000{n:04d}"}, REMOTE_ADDR="10.0.0.5").status_code == 400
    # One more from the same address, even with a right number: refused in Chinese, not signed in.
    response = client.post(url, {"phone": members[0].phone}, REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 429 and "尝试次数过多" in response.content.decode()
    assert not SignIn.objects.exists()
    # Another address still signs in; the meeting's own limit counts every address together.
    assert client.post(url, {"phone": members[0].phone}, REMOTE_ADDR="10.0.0.6").status_code == 200
    for n in range(throttle.PER_MEETING - throttle.PER_ADDRESS - 1):
        client.post(url, {"phone": "1"}, REMOTE_ADDR=f"10.1.{n // 200}.{n % 200}")
    response = client.post(url, {"phone": members[1].phone}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429 and SignIn.objects.count() == 1
    # Reading the page is not an attempt; ten minutes on, the window has ended.
    assert client.get(url, REMOTE_ADDR="10.0.0.5").status_code == 200
    time_machine.shift(datetime.timedelta(minutes=10, seconds=5))
    assert client.post(url, {"phone": members[1].phone}, REMOTE_ADDR="10.0.0.5").status_code == 200


def test_the_detail_page_shows_the_qr_code_and_who_signed_in(client_for, branch1, secretary1, members):
    meeting = publish_meeting(branch=branch1, user=secretary1, fields=notice())
    sign_in(meeting, members[0].phone)
    page = client_for(secretary1).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "<svg" in page and meeting.sign_in_token in page and "党员0" in page


def test_the_sign_in_sheet_prints_on_a4_and_as_docx_and_is_logged(client_for, branch1, secretary1, members):
    from docx import Document

    meeting = publish_meeting(branch=branch1, user=secretary1, fields=notice())
    sign_in(meeting, members[1].phone)
    client = client_for(secretary1)
    url = reverse("meetings:print_sign_in", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "签到表" in page and page.count("data-row") == 3 and page.count('data-signed="1"') == 1
    response = client.get(url, {"format": "docx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["序号", "姓名", "表决身份", "扫码签到", "本人签名"]
    assert [row.cells[1].text for row in table.rows[1:]] == ["党员0", "党员1", "党员2"]
    assert table.rows[2].cells[3].text != "" and table.rows[1].cells[3].text == ""
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert AuditEntry.objects.filter(action="export", details__what="sign-in sheet").count() == 1


def test_the_minutes_print_with_the_attendance(client_for, branch1, secretary1, members):
    from docx import Document

    from meetings.records import log_meeting

    meeting = log_meeting(
        branch=branch1,
        user=secretary1,
        fields=notice(minutes="学习了党章。", starts_at=None),
        attendance={members[0].pk: ("present", ""), members[1].pk: ("excused", "加班")},
    )
    client = client_for(secretary1)
    url = reverse("meetings:print_minutes", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "会议记录" in page and "党员1（加班）" in page
    document = Document(io.BytesIO(client.get(url, {"format": "docx"}).content))
    text = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "党员0" in text and "党员1（加班）" in text
    assert any("学习了党章。" in p.text for p in document.paragraphs)


def test_another_branch_cannot_print(client_for, branch1, secretary1, secretary2, members):
    meeting = publish_meeting(branch=branch1, user=secretary1, fields=notice())
    assert client_for(secretary2).get(reverse("meetings:print_sign_in", args=[meeting.pk])).status_code == 404


def test_a_published_meeting_whose_day_is_past_without_a_roll_is_on_the_secretarys_work_list(
    client_for, branch1, branch2, secretary1, members, time_machine
):
    today = publish_meeting(branch=branch1, user=secretary1, fields=notice(topic="今天的主题党日"))
    later = publish_meeting(branch=branch1, user=secretary1, fields=notice(held_on=TODAY + datetime.timedelta(days=5)))
    elsewhere = publish_meeting(branch=branch2, user=secretary1, fields=notice(topic="第二支部的会"))
    page = client_for(secretary1).get(reverse("meetings:list")).content.decode()
    assert "awaiting-roll" not in page  # on the day itself the roll is still being taken

    time_machine.shift(datetime.timedelta(days=1))
    assert list(awaiting_roll(Meeting.objects.all())) == [today, elsewhere]
    page = client_for(secretary1).get(reverse("meetings:list")).content.decode()
    assert f'data-awaiting-roll="{today.pk}"' in page and "确认签到并登记" in page
    assert f'data-awaiting-roll="{later.pk}"' not in page and f'data-awaiting-roll="{elsewhere.pk}"' not in page

    # Once the roll is confirmed the meeting is held and leaves the list.
    today.status = MeetingStatus.HELD
    today.save()
    assert list(awaiting_roll(Meeting.objects.filter(branch=branch1))) == []
