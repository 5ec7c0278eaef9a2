"""通知公告: who publishes to whom, who sees it on /me/, and the read receipts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from selfservice.models import Notice, NoticeRead
from selfservice.notices import notices_for, publish_notice, receipts
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def notice(user, **kwargs):
    defaults = {"kind": "jobs", "title": "深圳南山招聘会", "body": "5月25日上午九点，南山人才市场。"}
    return publish_notice(user, **(defaults | kwargs))


def test_a_branch_notice_reaches_its_members_only(secretary2, carol, alice, branch2):
    published = notice(secretary2, branch=branch2)
    assert list(notices_for(carol)) == [published]
    assert list(notices_for(alice)) == []


def test_a_committee_notice_reaches_every_branch(committee_staff, committee, carol, alice):
    published = notice(committee_staff, committee=committee, kind="study", title="学习材料")
    assert list(notices_for(carol)) == [published] and list(notices_for(alice)) == [published]


def test_a_notice_for_young_members_skips_those_over_35(secretary2, branch2):
    # The clock: 2027-05-19. Born 1992-05-20 is 34; born 1991-05-19 turned 36 today.
    young = MemberFactory(branch=branch2, birth_date=datetime.date(1992, 5, 20))
    older = MemberFactory(branch=branch2, birth_date=datetime.date(1991, 5, 19))
    published = notice(secretary2, branch=branch2, young_only=True)
    assert list(notices_for(young)) == [published]
    assert list(notices_for(older)) == []


def test_a_notice_to_a_branch_outside_the_scope_is_refused_in_chinese(secretary1, branch2):
    with pytest.raises(ValidationError) as refused:
        notice(secretary1, branch=branch2)
    assert "不在您的管辖范围" in " ".join(refused.value.messages)
    assert not Notice.objects.exists()


def test_the_form_refuses_another_branch_in_chinese(client, secretary1, branch2):
    client.force_login(secretary1, backend="django.contrib.auth.backends.ModelBackend")
    data = {"branch": branch2.pk, "kind": "jobs", "title": "招聘会", "body": "内容"}
    response = client.post(reverse("selfservice:notice_create"), data)
    assert response.status_code == 200 and "管辖范围" in response.content.decode()
    assert not Notice.objects.exists()


def test_reading_on_me_is_the_receipt_the_publisher_sees(client, as_member, secretary2, carol, dave, branch2):
    published = notice(secretary2, branch=branch2)
    assert as_member.get(reverse("selfservice:notice", args=[published.pk])).status_code == 200
    as_member.get(reverse("selfservice:notice", args=[published.pk]))  # the first reading is kept
    assert NoticeRead.objects.filter(notice=published).count() == 1
    rows = {m.name: m.read_at for m in receipts(published)}
    assert rows["陈阿卡"] is not None and rows["刘阿德"] is None
    client.force_login(secretary2, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("selfservice:notice_detail", args=[published.pk])).content.decode()
    assert "已读 1 / 2" in body


def test_a_notice_not_published_to_the_member_is_a_404(as_member, secretary1, branch1):
    elsewhere = notice(secretary1, branch=branch1)
    assert as_member.get(reverse("selfservice:notice", args=[elsewhere.pk])).status_code == 404


def test_the_receipts_page_counts_in_constant_queries(client, secretary2, branch2, django_assert_num_queries):
    published = notice(secretary2, branch=branch2)
    client.force_login(secretary2, backend="django.contrib.auth.backends.ModelBackend")
    MemberFactory.create_batch(5, branch=branch2)
    client.get(reverse("selfservice:notice_detail", args=[published.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(reverse("selfservice:notice_detail", args=[published.pk]))
    MemberFactory.create_batch(45, branch=branch2)
    with django_assert_num_queries(len(five.captured_queries)):
        client.get(reverse("selfservice:notice_detail", args=[published.pk]))
