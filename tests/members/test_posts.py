"""支部职务 on the pages: a term's dates, the handover, no two secretaries at once, the history.

Who may open which of these pages is the permission sweep's table; here, what they do.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Post, PostTitle
from members.posts import end_post, save_post
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-11-27 10:00 +0800", tick=False)]
TODAY = datetime.date(2026, 11, 27)  # the pinned clock's day
SECRETARY = PostTitle.SECRETARY


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def carol(branch1):
    return MemberFactory(name="张阿卡", branch=branch1)


@pytest.fixture
def old_secretary(alice, branch1):
    return Post.objects.create(member=alice, branch=branch1, title=SECRETARY, started_on=day("2023-06-01"))


def test_a_new_secretary_ends_the_predecessors_term_on_the_day_the_new_one_starts(
    client_for, secretary1, branch1, carol, old_secretary
):
    response = client_for(secretary1).post(
        reverse("members:post_create"),
        {"branch": branch1.pk, "member": carol.pk, "title": SECRETARY, "started_on": "2026-11-20"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard:branch_detail", args=[branch1.pk])
    old_secretary.refresh_from_db()
    assert old_secretary.ended_on == day("2026-11-20")
    new = Post.objects.get(member=carol)
    assert (new.started_on, new.ended_on) == (day("2026-11-20"), None)
    html = response.content.decode()
    assert "王阿丽的书记任期已于 2026-11-20 结束。" in html
    # Both changes are in the history, with who made them.
    assert {row.history_user for row in Post.history.filter(id__in=[old_secretary.pk, new.pk], history_type="~")} == {
        secretary1
    }
    assert Post.history.filter(id=new.pk, history_type="+", history_user=secretary1).exists()


def test_a_successor_must_start_after_the_current_holder_did(alice, carol, branch1, old_secretary):
    for started in ("2023-06-01", "2023-05-31"):  # the same day, and the day before
        with pytest.raises(ValidationError) as refused:
            save_post(Post(member=carol, branch=branch1, title=SECRETARY, started_on=day(started)), today=TODAY)
        assert "started_on" in refused.value.message_dict
    old_secretary.refresh_from_db()
    assert old_secretary.ended_on is None  # nothing half-written
    save_post(Post(member=carol, branch=branch1, title=SECRETARY, started_on=day("2023-06-02")), today=TODAY)
    old_secretary.refresh_from_db()
    assert old_secretary.ended_on == day("2023-06-02")


def test_past_secretaries_may_not_overlap_but_may_hand_over_on_one_day(alice, carol, branch1):
    Post.objects.create(
        member=alice, branch=branch1, title=SECRETARY, started_on=day("2020-01-01"), ended_on=day("2023-01-01")
    )
    # A past term that shares one day with it: refused, naming the other term.
    with pytest.raises(ValidationError) as refused:
        save_post(
            Post(
                member=carol,
                branch=branch1,
                title=SECRETARY,
                started_on=day("2022-12-31"),
                ended_on=day("2024-01-01"),
            ),
            today=TODAY,
        )
    assert "王阿丽，2020-01-01 至 2023-01-01" in str(refused.value)
    # From the day it ended: a handover, no overlap.
    save_post(
        Post(member=carol, branch=branch1, title=SECRETARY, started_on=day("2023-01-01"), ended_on=day("2024-01-01")),
        today=TODAY,
    )
    # And a current secretary from before a past one ended: refused too.
    dave = MemberFactory(name="赵阿戴", branch=branch1)
    with pytest.raises(ValidationError):
        save_post(Post(member=dave, branch=branch1, title=SECRETARY, started_on=day("2023-12-31")), today=TODAY)
    save_post(Post(member=dave, branch=branch1, title=SECRETARY, started_on=day("2024-01-01")), today=TODAY)


def test_other_posts_may_overlap_in_the_past_but_have_one_current_holder(alice, carol, branch1):
    publicity = PostTitle.PUBLICITY
    Post.objects.create(
        member=alice, branch=branch1, title=publicity, started_on=day("2020-01-01"), ended_on=day("2023-01-01")
    )
    save_post(
        Post(member=carol, branch=branch1, title=publicity, started_on=day("2022-01-01"), ended_on=day("2022-06-01")),
        today=TODAY,
    )
    assert Post.objects.filter(branch=branch1, title=publicity).count() == 2


def test_a_post_is_held_by_a_member_of_the_branch_and_not_from_the_future(alice, bob, branch1):
    with pytest.raises(ValidationError) as refused:
        save_post(Post(member=bob, branch=branch1, title=SECRETARY, started_on=day("2026-01-01")), today=TODAY)
    assert refused.value.message_dict["member"] == ["李阿博不是第一党支部的党员。"]
    with pytest.raises(ValidationError) as refused:
        save_post(Post(member=alice, branch=branch1, title=SECRETARY, started_on=day("2026-11-28")), today=TODAY)
    assert "started_on" in refused.value.message_dict
    save_post(Post(member=alice, branch=branch1, title=SECRETARY, started_on=TODAY), today=TODAY)  # today is fine


def test_ending_a_term_the_day_it_began_today_or_never_before_it(alice, branch1):
    post = Post.objects.create(member=alice, branch=branch1, title=SECRETARY, started_on=day("2024-03-01"))
    with pytest.raises(ValidationError):
        end_post(post, day("2024-02-29"), today=TODAY)
    with pytest.raises(ValidationError):
        end_post(post, day("2026-11-28"), today=TODAY)
    post.refresh_from_db()
    assert post.ended_on is None
    end_post(post, day("2024-03-01"), today=TODAY)
    with pytest.raises(ValidationError) as refused:
        end_post(post, TODAY, today=TODAY)
    assert refused.value.message_dict["ended_on"] == ["该任期已经结束。"]


def test_correcting_a_term_does_not_hand_over_and_keeps_one_current_holder(
    client_for, secretary1, alice, carol, branch1, old_secretary
):
    past = Post.objects.create(
        member=carol, branch=branch1, title=SECRETARY, started_on=day("2020-01-01"), ended_on=day("2023-06-01")
    )
    client = client_for(secretary1)
    # Reopening the past term would give the branch two current secretaries: refused, in Chinese.
    response = client.post(
        reverse("members:post_update", args=[past.pk]),
        {"member": carol.pk, "title": SECRETARY, "started_on": "2020-01-01", "ended_on": ""},
    )
    assert response.status_code == 200
    assert "书记已有现任：王阿丽，2023-06-01 至 至今。" in response.content.decode()
    old_secretary.refresh_from_db()
    assert old_secretary.ended_on is None
    # A corrected start date is saved.
    response = client.post(
        reverse("members:post_update", args=[past.pk]),
        {"member": carol.pk, "title": SECRETARY, "started_on": "2019-07-01", "ended_on": "2023-06-01"},
    )
    assert response.status_code == 302
    past.refresh_from_db()
    assert past.started_on == day("2019-07-01")


def test_the_end_page_ends_the_term_and_the_branch_page_links_the_editors(
    client_for, secretary1, branch1, old_secretary
):
    client = client_for(secretary1)
    page = client.get(reverse("dashboard:branch_detail", args=[branch1.pk])).content.decode()
    for url in (
        reverse("members:post_create") + f"?branch={branch1.pk}",
        reverse("members:post_update", args=[old_secretary.pk]),
        reverse("members:post_end", args=[old_secretary.pk]),
        reverse("members:honor_create") + f"?branch={branch1.pk}",
        reverse("assistance:paired_village_create") + f"?branch={branch1.pk}",
    ):
        assert f'href="{url}"'.replace("&", "&amp;") in page, url
    response = client.post(reverse("members:post_end", args=[old_secretary.pk]), {"ended_on": "2026-11-27"})
    assert response.status_code == 302
    old_secretary.refresh_from_db()
    assert old_secretary.ended_on == TODAY


def test_the_auditor_reads_the_posts_but_gets_no_editor_links(client_for, auditor, branch1, old_secretary):
    client = client_for(auditor)
    page = client.get(reverse("members:post_list")).content.decode()
    assert "王阿丽" in page and reverse("members:post_update", args=[old_secretary.pk]) not in page
    branch_page = client.get(reverse("dashboard:branch_detail", args=[branch1.pk])).content.decode()
    assert reverse("members:post_create") not in branch_page


def test_the_post_list_filters_by_branch_and_term(client_for, committee_staff, alice, bob, branch1, branch2):
    Post.objects.create(member=alice, branch=branch1, title=SECRETARY, started_on=day("2020-01-01"))
    Post.objects.create(
        member=bob, branch=branch2, title=SECRETARY, started_on=day("2020-01-01"), ended_on=day("2021-01-01")
    )
    client = client_for(committee_staff)

    def names(**query):
        response = client.get(reverse("members:post_list"), query)
        return [post.member.name for post in response.context["rows"]]

    assert names() == ["王阿丽", "李阿博"]
    assert names(branch=branch2.pk) == ["李阿博"]
    assert names(term="current") == ["王阿丽"]
    assert names(term="ended") == ["李阿博"]
    assert names(q="阿丽") == ["王阿丽"]


def test_the_post_list_costs_the_same_queries_for_5_rows_and_500(
    client_for, committee_staff, branch1, django_assert_num_queries
):
    def grow(count):
        members = MemberFactory.create_batch(count, branch=branch1)
        Post.objects.bulk_create(
            Post(member=member, branch=branch1, title=PostTitle.PUBLICITY, started_on=day("2020-01-01"), ended_on=TODAY)
            for member in members
        )

    client = client_for(committee_staff)
    grow(5)
    # 1. session, 2. user, 3. scope, 4. count, 5. the scope's committee (the header), 6. the
    # branch choices of the filter, 7. the page of posts with member and branch.
    with django_assert_num_queries(7):
        client.get(reverse("members:post_list"))
    grow(495)
    with django_assert_num_queries(7):
        client.get(reverse("members:post_list"))
